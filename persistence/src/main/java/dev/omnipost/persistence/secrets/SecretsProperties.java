package dev.omnipost.persistence.secrets;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The keys that encrypt platform tokens and webhook secrets at rest ({@code omnipost.secrets.*}).
 * Required: there is deliberately no default key.
 *
 * @param encryptionKeys newest first, each {@code id:base64-key} (or just the base64, whose id is
 *     then derived from the key); the first encrypts, any of them decrypts
 * @param encryptionKey a single base64 key: the only key when {@code encryption-keys} is unset,
 *     otherwise the oldest one (so adding {@code encryption-keys} rotates away from it)
 * @param reencryptOnStart whether this service re-encrypts, in the background after it started,
 *     every stored secret that is not under the newest key with its row bound
 * @param reencryptBatchSize rows re-encrypted per transaction
 * @param legacyFormatReadable whether secrets written before key ids and row binding still decrypt;
 *     turn off once re-encryption has rewritten them all
 */
@ConfigurationProperties("omnipost.secrets")
public record SecretsProperties(
    List<String> encryptionKeys,
    String encryptionKey,
    @DefaultValue("false") boolean reencryptOnStart,
    @DefaultValue("200") int reencryptBatchSize,
    @DefaultValue("true") boolean legacyFormatReadable) {

  /** The cipher these settings describe. */
  public SecretCipher cipher() {
    SecretCipher cipher = SecretCipher.fromKeys(encryptionKeys, encryptionKey);
    return legacyFormatReadable ? cipher : cipher.withoutLegacyFormat();
  }
}

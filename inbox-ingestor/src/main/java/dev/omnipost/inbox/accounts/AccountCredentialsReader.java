package dev.omnipost.inbox.accounts;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Turns an account row (token encrypted, settings as JSON) into the credentials a connector acts
 * with; the one place the ingestor decrypts tokens.
 */
@Component
public class AccountCredentialsReader {

  private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {};

  private final SecretCipher cipher;

  AccountCredentialsReader(SecretCipher cipher) {
    this.cipher = cipher;
  }

  public AccountCredentials read(
      String accountId,
      Platform platform,
      String platformAccountId,
      String handle,
      byte[] accessTokenEncrypted,
      String settingsJson) {
    Map<String, String> settings =
        settingsJson == null
            ? Map.of()
            : CloudEventCodec.dataMapper().readValue(settingsJson, SETTINGS);
    return new AccountCredentials(
        accountId,
        platform,
        platformAccountId,
        handle,
        cipher.decrypt(accessTokenEncrypted, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(accountId)),
        settings);
  }
}

package dev.omnipost.persistence.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretCipherTests {

  static final String KEY_1 = key(1);
  static final String KEY_2 = key(2);
  static final SecretContext ACCOUNT_A = SecretColumn.ACCOUNT_ACCESS_TOKEN.of("acc_a");

  @Test
  void encryptsSoTheStoredBytesDoNotContainTheSecret() {
    SecretCipher cipher = SecretCipher.fromBase64Key(KEY_1);

    byte[] sealed = cipher.encrypt("token-abc", ACCOUNT_A);

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("token-abc");
    assertThat(cipher.decrypt(sealed, ACCOUNT_A)).isEqualTo("token-abc");
    assertThat(cipher.encrypt("token-abc", ACCOUNT_A)).isNotEqualTo(sealed);
    assertThat(cipher.isCurrent(sealed)).isTrue();
  }

  @Test
  void aCiphertextCopiedToAnotherRowOrColumnFailsToDecrypt() {
    SecretCipher cipher = SecretCipher.fromBase64Key(KEY_1);
    byte[] sealed = cipher.encrypt("token-of-a", ACCOUNT_A);

    assertThatThrownBy(() -> cipher.decrypt(sealed, SecretColumn.ACCOUNT_ACCESS_TOKEN.of("acc_b")))
        .hasMessageContaining("sealed for another row or column");
    assertThatThrownBy(() -> cipher.decrypt(sealed, SecretColumn.ACCOUNT_REFRESH_TOKEN.of("acc_a")))
        .hasMessageContaining("sealed for another row or column");
    assertThatThrownBy(() -> cipher.decrypt(sealed, SecretColumn.WEBHOOK_SECRET.of("acc_a")))
        .hasMessageContaining("sealed for another row or column");
  }

  @Test
  void refusesToDecryptUnderAnotherKeyOrAfterTampering() {
    SecretCipher cipher = SecretCipher.fromKeys(List.of("k1:" + KEY_1), null);
    SecretCipher sameIdOtherKey = SecretCipher.fromKeys(List.of("k1:" + KEY_2), null);
    byte[] sealed = cipher.encrypt("token-abc", ACCOUNT_A);
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThatThrownBy(() -> sameIdOtherKey.decrypt(sealed, ACCOUNT_A))
        .hasMessageContaining("wrong key");
    assertThatThrownBy(() -> cipher.decrypt(tampered, ACCOUNT_A)).hasMessageContaining("corrupted");
  }

  @Test
  void theNewestKeyEncryptsAndEveryListedKeyDecrypts() {
    SecretCipher before = SecretCipher.fromKeys(List.of("k1:" + KEY_1), null);
    SecretCipher after = SecretCipher.fromKeys(List.of("k2:" + KEY_2, "k1:" + KEY_1), null);
    byte[] old = before.encrypt("old-token", ACCOUNT_A);

    byte[] fresh = after.encrypt("new-token", ACCOUNT_A);

    assertThat(after.currentKeyId()).isEqualTo("k2");
    assertThat(after.decrypt(old, ACCOUNT_A)).isEqualTo("old-token");
    assertThat(after.isCurrent(old)).isFalse();
    assertThat(after.isCurrent(fresh)).isTrue();
    assertThatThrownBy(() -> before.decrypt(fresh, ACCOUNT_A))
        .hasMessageContaining(
            "key id 'k2', which omnipost.secrets.encryption-keys no longer lists");
  }

  @Test
  void theSingleKeySettingIsTheOldestKeyOfTheList() {
    SecretCipher single = SecretCipher.fromBase64Key(KEY_1);
    byte[] sealedBySingle = single.encrypt("token", ACCOUNT_A);

    SecretCipher rotated = SecretCipher.fromKeys(List.of("k2:" + KEY_2), KEY_1);
    SecretCipher relabelled = SecretCipher.fromKeys(List.of("k2:" + KEY_2, "k1:" + KEY_1), null);

    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    assertThat(rotated.decrypt(sealedBySingle, ACCOUNT_A)).isEqualTo("token");
    assertThat(relabelled.decrypt(sealedBySingle, ACCOUNT_A)).isEqualTo("token");
    assertThat(single.currentKeyId()).startsWith("sha256-");
  }

  @Test
  void secretsWrittenBeforeKeyIdsStillDecryptUntilTurnedOff() throws Exception {
    SecretCipher cipher = SecretCipher.fromKeys(List.of("k2:" + KEY_2), KEY_1);
    byte[] legacy = legacySeal(KEY_1, "legacy-token");

    assertThat(cipher.decrypt(legacy, ACCOUNT_A)).isEqualTo("legacy-token");
    assertThat(cipher.isCurrent(legacy)).isFalse();
    assertThatThrownBy(() -> cipher.withoutLegacyFormat().decrypt(legacy, ACCOUNT_A))
        .hasMessageContaining("could not be decrypted");
  }

  @Test
  void explainsAMissingOrMalformedKey() {
    assertThatThrownBy(() -> SecretCipher.fromBase64Key(null))
        .hasMessageContaining("omnipost.secrets.encryption-key is not set");
    assertThatThrownBy(() -> SecretCipher.fromKeys(List.of(), " "))
        .hasMessageContaining("Neither omnipost.secrets.encryption-keys nor");
    assertThatThrownBy(() -> SecretCipher.fromBase64Key("not base64!"))
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(
            () -> SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[7])))
        .hasMessageContaining("16, 24 or 32 bytes, not 7");
    assertThatThrownBy(() -> SecretCipher.fromKeys(List.of("bad id:" + KEY_1), null))
        .hasMessageContaining("key id 'bad id' must be");
    assertThatThrownBy(() -> SecretCipher.fromKeys(List.of("k1:" + KEY_1, "k1:" + KEY_2), null))
        .hasMessageContaining("lists the key id 'k1' twice");
  }

  static String key(int seed) {
    byte[] key = new byte[32];
    key[0] = (byte) seed;
    return Base64.getEncoder().encodeToString(key);
  }

  /** The format every row had before key ids: nonce, ciphertext and tag, no associated data. */
  static byte[] legacySeal(String base64Key, String plaintext) throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
        new GCMParameterSpec(128, nonce));
    byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.allocate(12 + ciphertext.length).put(nonce).put(ciphertext).array();
  }
}

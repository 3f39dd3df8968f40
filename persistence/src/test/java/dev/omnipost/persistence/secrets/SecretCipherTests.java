package dev.omnipost.persistence.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTests {

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void encryptsSoTheStoredBytesDoNotContainTheSecret() {
    SecretCipher cipher = SecretCipher.fromBase64Key(KEY);

    byte[] sealed = cipher.encrypt("token-abc");

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("token-abc");
    assertThat(cipher.decrypt(sealed)).isEqualTo("token-abc");
    assertThat(cipher.encrypt("token-abc")).isNotEqualTo(sealed);
  }

  @Test
  void refusesToDecryptUnderAnotherKeyOrAfterTampering() {
    SecretCipher cipher = SecretCipher.fromBase64Key(KEY);
    byte[] other = new byte[32];
    other[0] = 1;
    SecretCipher otherCipher =
        SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(other));
    byte[] sealed = cipher.encrypt("token-abc");

    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThatThrownBy(() -> otherCipher.decrypt(sealed)).hasMessageContaining("wrong key");
    assertThatThrownBy(() -> cipher.decrypt(tampered)).hasMessageContaining("corrupted");
  }

  @Test
  void explainsAMissingOrMalformedKey() {
    assertThatThrownBy(() -> SecretCipher.fromBase64Key(null))
        .hasMessageContaining("omnipost.secrets.encryption-key is not set");
    assertThatThrownBy(() -> SecretCipher.fromBase64Key("not base64!"))
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(
            () -> SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[7])))
        .hasMessageContaining("16, 24 or 32 bytes, not 7");
  }
}

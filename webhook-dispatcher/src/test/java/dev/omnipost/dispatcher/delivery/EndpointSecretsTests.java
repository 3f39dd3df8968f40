package dev.omnipost.dispatcher.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EndpointSecretsTests {

  private final SecretCipher cipher =
      SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));
  private final EndpointSecrets secrets = new EndpointSecrets(cipher);

  @Test
  void aRotatedSecretIsOpenedAgainFromItsNewCiphertext() {
    byte[] first = cipher.encrypt("whsec_first", SecretColumn.WEBHOOK_SECRET.of("whk_a"));
    byte[] second = cipher.encrypt("whsec_second", SecretColumn.WEBHOOK_SECRET.of("whk_a"));

    assertThat(secrets.current("whk_a", first)).isEqualTo("whsec_first");
    assertThat(secrets.current("whk_a", first)).isEqualTo("whsec_first");
    assertThat(secrets.current("whk_a", second)).isEqualTo("whsec_second");
    assertThat(secrets.current("whk_a", first)).isEqualTo("whsec_first");
  }

  @Test
  void aCiphertextOfAnotherRowOrColumnStillFailsToOpen() {
    byte[] ofB = cipher.encrypt("whsec_b", SecretColumn.WEBHOOK_SECRET.of("whk_b"));
    assertThat(secrets.current("whk_b", ofB)).isEqualTo("whsec_b");

    // remembered for whk_b's current secret only: bound to its row and column as before
    assertThatThrownBy(() -> secrets.current("whk_c", ofB)).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> secrets.previous("whk_b", ofB)).isInstanceOf(RuntimeException.class);
  }
}

package dev.omnipost.dispatcher.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StandardWebhookSignerTests {

  private final StandardWebhookSigner signer = new StandardWebhookSigner();

  @Test
  void matchesTheStandardWebhooksReferenceExample() {
    // the example from the Standard Webhooks specification and its reference libraries
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    String header =
        signer.signatureHeader(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            body,
            List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsIdTimestampAndBodyWithTheDecodedSecret() throws Exception {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7);
    }
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    byte[] body =
        "{\"type\":\"post.published\",\"data\":{\"id\":\"é\"}}".getBytes(StandardCharsets.UTF_8);

    String header = signer.signatureHeader("evt_1", 1700000000L, body, List.of(secret));

    assertThat(header).isEqualTo("v1," + independentSignature(key, "evt_1.1700000000.", body));
  }

  @Test
  void signsWithBothSecretsDuringARotation() throws Exception {
    byte[] current = "current-secret-32-bytes-long-ok!".getBytes(StandardCharsets.UTF_8);
    byte[] previous = "previous-secret-32-bytes-long-ok".getBytes(StandardCharsets.UTF_8);
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    String header =
        signer.signatureHeader(
            "evt_2",
            42L,
            body,
            List.of(
                "whsec_" + Base64.getEncoder().encodeToString(current),
                "whsec_" + Base64.getEncoder().encodeToString(previous)));

    assertThat(header.split(" "))
        .containsExactly(
            "v1," + independentSignature(current, "evt_2.42.", body),
            "v1," + independentSignature(previous, "evt_2.42.", body));
  }

  @Test
  void aRotationFromTheReferenceKeyCarriesTheReferenceSignatureNextToTheNewOne() throws Exception {
    // a receiver still holding the old (reference) key verifies the second signature
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    byte[] next = new byte[24];
    for (int i = 0; i < next.length; i++) {
      next[i] = (byte) (255 - i);
    }

    String header =
        signer.signatureHeader(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            body,
            List.of(
                "whsec_" + Base64.getEncoder().encodeToString(next),
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    assertThat(header.split(" "))
        .containsExactly(
            "v1," + independentSignature(next, "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.", body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  private static String independentSignature(byte[] key, String prefix, byte[] body)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(prefix.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(mac.doFinal(body));
  }
}

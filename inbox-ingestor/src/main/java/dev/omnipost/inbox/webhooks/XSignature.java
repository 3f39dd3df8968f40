package dev.omnipost.inbox.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * X's Account Activity signatures: {@code sha256=<base64 HMAC-SHA256 with the app's consumer
 * secret>}, of the {@code crc_token} for the challenge response and of the raw body for {@code
 * x-twitter-webhooks-signature}; compared in constant time.
 */
final class XSignature {

  static final String HEADER = "x-twitter-webhooks-signature";
  private static final String PREFIX = "sha256=";

  private XSignature() {}

  static String sign(String consumerSecret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(consumerSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return PREFIX + Base64.getEncoder().encodeToString(mac.doFinal(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /** The challenge response token for {@code crc_token}. */
  static String responseToken(String consumerSecret, String crcToken) {
    return sign(consumerSecret, crcToken.getBytes(StandardCharsets.UTF_8));
  }

  static boolean verifies(String consumerSecret, byte[] body, String header) {
    if (header == null || !header.trim().startsWith(PREFIX)) {
      return false;
    }
    byte[] expected = sign(consumerSecret, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = header.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}

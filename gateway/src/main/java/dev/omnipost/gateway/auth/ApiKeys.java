package dev.omnipost.gateway.auth;

import dev.omnipost.events.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The API key format ({@code opk_live_<32 base62>}) and how keys are stored: only the SHA-256 hex
 * of the full key, plus its first characters for display. A key that does not have the format is
 * rejected without a database lookup.
 */
public final class ApiKeys {

  public static final String PREFIX = "opk_live_";
  static final int SECRET_LENGTH = 32;
  static final int DISPLAY_PREFIX_LENGTH = 12;
  private static final Pattern FORMAT = Pattern.compile("opk_live_[0-9A-Za-z]{32,64}");

  private ApiKeys() {}

  /** A new random key, to be shown to its owner once. */
  public static String generate() {
    return PREFIX + Ids.randomBase62(SECRET_LENGTH);
  }

  public static boolean hasValidFormat(String key) {
    return key != null && FORMAT.matcher(key).matches();
  }

  /** What {@code api_keys.key_hash} holds: lower-case hex SHA-256 of the full key. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** What {@code api_keys.key_prefix} holds and lists show, e.g. {@code opk_live_3kT}. */
  public static String displayPrefix(String key) {
    return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
  }

  /** Compares two secrets in time independent of where they differ. */
  public static boolean constantTimeEquals(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sha256(expected.getBytes(StandardCharsets.UTF_8)),
        sha256(actual.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}

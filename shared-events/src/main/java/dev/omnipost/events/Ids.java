package dev.omnipost.events;

import java.security.SecureRandom;

/**
 * Opaque, type-prefixed identifiers ({@code post_…}, {@code acc_…}) as the API contract asks:
 * unguessable, URL-safe, and telling what they name at a glance.
 */
public final class Ids {

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new id such as {@code post_3kTMd9xQp0aZ7bLwR2cV8eNf}. */
  public static String newId(String prefix) {
    return prefix + "_" + randomBase62(24);
  }

  /** {@code length} random base62 characters, also used for API key secrets. */
  public static String randomBase62(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE62[RANDOM.nextInt(BASE62.length)];
    }
    return new String(chars);
  }
}

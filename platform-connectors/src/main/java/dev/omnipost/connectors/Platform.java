package dev.omnipost.connectors;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The social platforms Omnipost speaks to, by their API identifiers. */
public enum Platform {
  INSTAGRAM("instagram"),
  FACEBOOK("facebook"),
  TWITTER("twitter"),
  LINKEDIN("linkedin"),
  TIKTOK("tiktok"),
  YOUTUBE("youtube"),
  PINTEREST("pinterest"),
  THREADS("threads"),
  BLUESKY("bluesky"),
  MASTODON("mastodon"),
  GOOGLE_BUSINESS("google_business");

  private final String id;

  Platform(String id) {
    this.id = id;
  }

  /** The identifier used in the API and the database, e.g. {@code google_business}. */
  public String id() {
    return id;
  }

  /** Parses an API identifier; {@code x} is accepted as an alias of {@code twitter}. */
  public static Optional<Platform> fromId(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("x")) {
      return Optional.of(TWITTER);
    }
    return Arrays.stream(values()).filter(p -> p.id.equals(normalized)).findFirst();
  }

  /** The valid identifiers, for error messages that list them. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Platform::id).toList();
  }
}

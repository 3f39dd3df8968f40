package dev.omnipost.connectors.rules;

import dev.omnipost.connectors.Platform;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The longest video a platform takes through its API, where it documents one (PLATFORMS.md and the
 * platforms' pages), for validation once a video's duration is known. Kept beside {@link
 * PlatformRules} so its record stays as it is.
 *
 * <ul>
 *   <li>TikTok: 10 minutes; a creator's own limit ({@code
 *       creator_info.max_video_post_duration_sec}) may be lower;
 *   <li>YouTube: 15 minutes for a channel that is not verified (12 hours once it is);
 *   <li>Google Business Profile: local posts take photos only (0: no video at all).
 * </ul>
 */
public final class VideoLimits {

  private static final Map<Platform, Duration> MAX_DURATION = new EnumMap<>(Platform.class);

  static {
    MAX_DURATION.put(Platform.TIKTOK, Duration.ofMinutes(10));
    MAX_DURATION.put(Platform.YOUTUBE, Duration.ofMinutes(15));
    MAX_DURATION.put(Platform.GOOGLE_BUSINESS, Duration.ZERO);
  }

  private VideoLimits() {}

  /** The platform's longest video; empty where this library knows no limit. */
  public static Optional<Duration> maxDuration(Platform platform) {
    return Optional.ofNullable(MAX_DURATION.get(platform));
  }

  /** A violation when a video of {@code duration} is too long for {@code platform}. */
  public static Optional<RuleViolation> check(Platform platform, Duration duration) {
    return maxDuration(platform)
        .filter(max -> duration.compareTo(max) > 0)
        .map(
            max ->
                max.isZero()
                    ? new RuleViolation(
                        "video_not_supported", platform.id() + " posts take no video")
                    : new RuleViolation(
                        "video_too_long",
                        "%s takes videos up to %d seconds; this one lasts %d"
                            .formatted(platform.id(), max.toSeconds(), duration.toSeconds())));
  }
}

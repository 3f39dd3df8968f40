package dev.omnipost.gateway.ai;

import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.web.ApiException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size an image is made in for each platform and {@code aspect}: the platform's recommended
 * size (Instagram 1080×1080, or 1080×1350 portrait; X 1600×900; TikTok 1080×1920; a YouTube
 * thumbnail 1280×720, or a Shorts cover 1080×1920 portrait; …). The first aspect listed is the
 * platform's default; a request's {@code size} overrides both.
 */
final class ImageSizes {

  static final int MIN_SIDE = 64;
  static final int MAX_SIDE = 4096;
  private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})x(\\d{1,5})$");

  private static final Map<Platform, Map<String, int[]>> SIZES = new EnumMap<>(Platform.class);
  private static final Map<String, int[]> WITHOUT_PLATFORM =
      sizes("square", 1080, 1080, "portrait", 1080, 1350, "landscape", 1200, 675);

  static {
    SIZES.put(
        Platform.INSTAGRAM,
        sizes("square", 1080, 1080, "portrait", 1080, 1350, "landscape", 1080, 566));
    SIZES.put(
        Platform.FACEBOOK,
        sizes("landscape", 1200, 630, "square", 1080, 1080, "portrait", 1080, 1350));
    SIZES.put(
        Platform.TWITTER,
        sizes("landscape", 1600, 900, "square", 1080, 1080, "portrait", 1080, 1350));
    SIZES.put(
        Platform.LINKEDIN,
        sizes("landscape", 1200, 627, "square", 1080, 1080, "portrait", 1080, 1350));
    SIZES.put(Platform.PINTEREST, sizes("portrait", 1000, 1500, "square", 1000, 1000));
    SIZES.put(Platform.TIKTOK, sizes("portrait", 1080, 1920));
    SIZES.put(Platform.YOUTUBE, sizes("landscape", 1280, 720, "portrait", 1080, 1920));
    SIZES.put(Platform.THREADS, sizes("square", 1080, 1080, "portrait", 1080, 1350));
    SIZES.put(
        Platform.BLUESKY,
        sizes("landscape", 1200, 675, "square", 1080, 1080, "portrait", 1080, 1350));
    SIZES.put(Platform.MASTODON, sizes("landscape", 1280, 720, "square", 1080, 1080));
    SIZES.put(Platform.GOOGLE_BUSINESS, sizes("landscape", 1200, 900, "square", 1080, 1080));
  }

  private ImageSizes() {}

  /** Width and height for the request: its {@code size}, else the platform's {@code aspect}. */
  static int[] of(String platformId, String aspect, String size) {
    if (size != null) {
      return parsed(size);
    }
    Map<String, int[]> sizes = Platform.fromId(platformId).map(SIZES::get).orElse(WITHOUT_PLATFORM);
    if (aspect == null) {
      return sizes.values().iterator().next();
    }
    int[] chosen = sizes.get(aspect.strip().toLowerCase(java.util.Locale.ROOT));
    if (chosen == null) {
      throw ApiException.invalid(
          "request.invalid_field",
          "aspect must be one of "
              + String.join(", ", sizes.keySet())
              + (platformId == null ? "" : " for " + platformId),
          Map.of("field", "aspect", "valid_values", List.copyOf(sizes.keySet())));
    }
    return chosen;
  }

  private static int[] parsed(String size) {
    Matcher matcher = SIZE.matcher(size.strip().toLowerCase(java.util.Locale.ROOT));
    if (matcher.matches()) {
      int width = Integer.parseInt(matcher.group(1));
      int height = Integer.parseInt(matcher.group(2));
      if (width >= MIN_SIDE && width <= MAX_SIDE && height >= MIN_SIDE && height <= MAX_SIDE) {
        return new int[] {width, height};
      }
    }
    throw ApiException.invalid(
        "request.invalid_field",
        "size must be WIDTHxHEIGHT with each side between " + MIN_SIDE + " and " + MAX_SIDE,
        Map.of("field", "size", "min", MIN_SIDE, "max", MAX_SIDE, "example", "1080x1350"));
  }

  private static Map<String, int[]> sizes(Object... aspects) {
    Map<String, int[]> sizes = new LinkedHashMap<>();
    for (int i = 0; i < aspects.length; i += 3) {
      sizes.put(
          (String) aspects[i], new int[] {(Integer) aspects[i + 1], (Integer) aspects[i + 2]});
    }
    return sizes;
  }
}

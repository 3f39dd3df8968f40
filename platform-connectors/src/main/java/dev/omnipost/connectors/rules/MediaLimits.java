package dev.omnipost.connectors.rules;

import java.time.Duration;
import java.util.Set;

/**
 * What one platform accepts as attachments. A null {@link Images} or {@link Videos} means the
 * platform takes none of that kind.
 *
 * @param maxVideos videos per post
 * @param mixes whether one post may carry images and a video together
 */
public record MediaLimits(Images images, Videos videos, int maxVideos, boolean mixes) {

  /** An aspect ratio bound, width:height, with the label the platform's documentation uses. */
  public record Aspect(String label, double value) {
    static Aspect of(double width, double height) {
      return new Aspect(format(width) + ":" + format(height), width / height);
    }

    private static String format(double number) {
      return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
  }

  /**
   * @param maxGifBytes for {@code image/gif} (often larger than other images); 0 means as {@code
   *     maxBytes}
   * @param minWidth smallest width and height in pixels (0: none)
   * @param maxPixels width × height (0: none)
   * @param minAspect narrowest width:height allowed (null: none)
   * @param maxAspect widest (null: none)
   */
  public record Images(
      Set<String> types,
      long maxBytes,
      long maxGifBytes,
      int minWidth,
      int minHeight,
      long maxPixels,
      Aspect minAspect,
      Aspect maxAspect) {

    static Images of(Set<String> types, long maxBytes) {
      return new Images(types, maxBytes, 0, 0, 0, 0, null, null);
    }

    Images gifs(long bytes) {
      return new Images(
          types, maxBytes, bytes, minWidth, minHeight, maxPixels, minAspect, maxAspect);
    }

    Images minSize(int width, int height) {
      return new Images(
          types, maxBytes, maxGifBytes, width, height, maxPixels, minAspect, maxAspect);
    }

    Images maxPixels(long pixels) {
      return new Images(
          types, maxBytes, maxGifBytes, minWidth, minHeight, pixels, minAspect, maxAspect);
    }

    Images aspect(Aspect narrowest, Aspect widest) {
      return new Images(
          types, maxBytes, maxGifBytes, minWidth, minHeight, maxPixels, narrowest, widest);
    }

    long limitFor(String contentType) {
      return "image/gif".equals(contentType) && maxGifBytes > 0 ? maxGifBytes : maxBytes;
    }
  }

  /**
   * @param minDuration shortest (null: none)
   * @param maxDuration longest (null: none)
   * @param minSide smallest width and height in pixels (0: none)
   * @param maxWidth largest width (0: none)
   * @param maxHeight largest height (0: none)
   * @param codecs sample entry types accepted ({@code avc1}, {@code hvc1}, ...); empty: any
   */
  public record Videos(
      Set<String> types,
      long maxBytes,
      Duration minDuration,
      Duration maxDuration,
      int minSide,
      int maxWidth,
      int maxHeight,
      Aspect minAspect,
      Aspect maxAspect,
      Set<String> codecs) {

    static Videos of(Set<String> types, long maxBytes, Duration min, Duration max) {
      return new Videos(types, maxBytes, min, max, 0, 0, 0, null, null, Set.of());
    }

    Videos sides(int min, int maxWidth, int maxHeight) {
      return new Videos(
          types,
          maxBytes,
          minDuration,
          maxDuration,
          min,
          maxWidth,
          maxHeight,
          minAspect,
          maxAspect,
          codecs);
    }

    Videos aspect(Aspect narrowest, Aspect widest) {
      return new Videos(
          types,
          maxBytes,
          minDuration,
          maxDuration,
          minSide,
          maxWidth,
          maxHeight,
          narrowest,
          widest,
          codecs);
    }

    Videos codecs(Set<String> accepted) {
      return new Videos(
          types,
          maxBytes,
          minDuration,
          maxDuration,
          minSide,
          maxWidth,
          maxHeight,
          minAspect,
          maxAspect,
          accepted);
    }
  }
}

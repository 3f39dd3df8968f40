package dev.omnipost.connectors.rules;

/**
 * What the rule book needs to know about one attachment, as read from the file when it was
 * uploaded. Dimensions, duration and codec are null when they could not be read.
 *
 * @param contentType the detected type, e.g. {@code image/jpeg}, {@code video/mp4}
 * @param durationMillis a video's duration
 * @param videoCodec a video's sample entry type as the container names it ({@code avc1}, {@code
 *     hvc1}, ...)
 */
public record MediaFacts(
    String id,
    String contentType,
    long sizeBytes,
    Integer width,
    Integer height,
    Long durationMillis,
    String videoCodec) {

  /** An image without video facts. */
  public static MediaFacts image(
      String id, String contentType, long sizeBytes, Integer w, Integer h) {
    return new MediaFacts(id, contentType, sizeBytes, w, h, null, null);
  }

  public boolean isVideo() {
    return contentType != null && contentType.startsWith("video/");
  }

  public boolean isGif() {
    return "image/gif".equals(contentType);
  }

  public boolean isImage() {
    return contentType != null && contentType.startsWith("image/");
  }

  boolean hasDimensions() {
    return width != null && height != null && width > 0 && height > 0;
  }

  /** Width over height; only when {@link #hasDimensions}. */
  double aspect() {
    return width.doubleValue() / height.doubleValue();
  }
}

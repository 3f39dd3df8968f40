package dev.omnipost.gateway.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The file types the platforms accept, recognised by their magic bytes rather than the client's
 * Content-Type (which is often wrong or a lie), with the image size when the header holds it.
 */
enum MediaKind {
  JPEG("image/jpeg", "jpg", "jpeg", "jpe", "jfif"),
  PNG("image/png", "png"),
  GIF("image/gif", "gif"),
  WEBP("image/webp", "webp"),
  MP4("video/mp4", "mp4", "m4v"),
  /** QuickTime: the ISO box layout of MP4 with the {@code qt } brand. */
  MOV("video/quicktime", "mov");

  /** How many leading bytes {@link #detect} and {@link #dimensions} need at most. */
  static final int HEADER_BYTES = 64 * 1024;

  /**
   * How far browsers look when they sniff a type (the WHATWG algorithm reads 1,445 bytes; older
   * ones fewer), and so how far {@link #carriesMarkup} looks.
   */
  static final int SNIFFED_BYTES = 1445;

  /**
   * Starts of markup a browser would render or run, lower case. Not XMP's {@code <x:xmpmeta}: many
   * edited photos carry it in their first kilobyte, and it is only metadata.
   */
  private static final List<String> MARKUP =
      List.of(
          "<!doctype",
          "<html",
          "<head",
          "<body",
          "<script",
          "<svg",
          "<iframe",
          "<object",
          "<embed",
          "<img",
          "<style",
          "<meta",
          "<link",
          "<form",
          "<a ",
          "<div",
          "<title",
          "<?xml",
          "<!--",
          "<xsl",
          "<cross-domain-policy");

  final String contentType;

  /** File name extensions that agree with this type; the first is the one given to others. */
  private final List<String> extensions;

  MediaKind(String contentType, String... extensions) {
    this.contentType = contentType;
    this.extensions = List.of(extensions);
  }

  /**
   * The client's file name with an extension that agrees with the detected type: {@code photo.html}
   * uploaded as a GIF becomes {@code photo.gif}, {@code cat.JPG} stays.
   */
  String filenameFor(String name) {
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (extensions.contains(extension)) {
      return name;
    }
    String base = dot <= 0 ? (dot == 0 ? "upload" : name) : name.substring(0, dot);
    return base + "." + extensions.get(0);
  }

  /**
   * Whether the first bytes hold markup although they start like an image (a GIF/HTML polyglot, an
   * SVG or an HTML page behind a magic number): a browser that sniffs would render it as a page on
   * our origin. Such files are served as downloads, never inline.
   */
  static boolean carriesMarkup(byte[] head) {
    int length = Math.min(head.length, SNIFFED_BYTES);
    String text = new String(head, 0, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    return MARKUP.stream().anyMatch(text::contains);
  }

  static Optional<MediaKind> ofContentType(String contentType) {
    return java.util.Arrays.stream(values())
        .filter(kind -> kind.contentType.equalsIgnoreCase(contentType))
        .findFirst();
  }

  static List<String> supportedTypes() {
    return java.util.Arrays.stream(values()).map(kind -> kind.contentType).toList();
  }

  static Optional<MediaKind> detect(byte[] head) {
    if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, 0, 'G', 'I', 'F', '8')) {
      return Optional.of(GIF);
    }
    if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, 4, 'f', 't', 'y', 'p')) {
      return Optional.of(startsWith(head, 8, 'q', 't', ' ', ' ') ? MOV : MP4);
    }
    return Optional.empty();
  }

  /** Width and height from the file header, or null when this format does not say cheaply. */
  int[] dimensions(byte[] head) {
    ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
    try {
      return switch (this) {
        case PNG -> new int[] {be.getInt(16), be.getInt(20)};
        case GIF -> new int[] {le.getShort(6) & 0xFFFF, le.getShort(8) & 0xFFFF};
        case WEBP -> webp(head, le);
        case JPEG -> jpeg(head, be);
        case MP4, MOV -> null; // read from the boxes by VideoProbe
      };
    } catch (IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static int[] webp(byte[] head, ByteBuffer le) {
    if (startsWith(head, 12, 'V', 'P', '8', 'X')) {
      return new int[] {1 + u24(head, 24), 1 + u24(head, 27)};
    }
    if (startsWith(head, 12, 'V', 'P', '8', ' ')) {
      return new int[] {le.getShort(26) & 0x3FFF, le.getShort(28) & 0x3FFF};
    }
    if (startsWith(head, 12, 'V', 'P', '8', 'L')) {
      int bits = le.getInt(21);
      return new int[] {(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
    }
    return null;
  }

  /** Walks the JPEG segments to the first start-of-frame marker, which holds the size. */
  private static int[] jpeg(byte[] head, ByteBuffer be) {
    int position = 2;
    while (position + 9 < head.length) {
      if ((head[position] & 0xFF) != 0xFF) {
        return null;
      }
      int marker = head[position + 1] & 0xFF;
      int length = be.getShort(position + 2) & 0xFFFF;
      boolean startOfFrame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        return new int[] {be.getShort(position + 7) & 0xFFFF, be.getShort(position + 5) & 0xFFFF};
      }
      position += 2 + length;
    }
    return null;
  }

  private static int u24(byte[] bytes, int offset) {
    return (bytes[offset] & 0xFF)
        | (bytes[offset + 1] & 0xFF) << 8
        | (bytes[offset + 2] & 0xFF) << 16;
  }

  private static boolean startsWith(byte[] bytes, int offset, int... expected) {
    if (bytes.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((bytes[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}

package dev.omnipost.gateway.idempotency;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes two requests "the same" for an {@code Idempotency-Key}: the method, path and query,
 * the media type, and the body, read as it streams past the handler (nothing is buffered twice
 * except a JSON body). Bodies compare so that a faithful retry matches:
 *
 * <ul>
 *   <li>JSON by its canonical form (keys sorted, whitespace dropped), so a client that
 *       re-serializes its request in another key order is not refused;
 *   <li>{@code multipart/form-data} by its raw bytes with every occurrence of the boundary masked,
 *       because clients (curl, browsers, WebClient) pick a new random boundary for every send;
 *   <li>anything else by its raw bytes.
 * </ul>
 */
final class RequestFingerprint {

  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private final String route;
  private final String mediaType;
  private final MessageDigest raw = sha256();
  private final BoundaryMask boundary;
  private final int jsonLimit;
  private ByteArrayOutputStream json;
  private boolean complete;

  RequestFingerprint(ServerHttpRequest request, int jsonLimit) {
    String query = request.getURI().getRawQuery();
    this.route =
        request.getMethod().name()
            + " "
            + request.getURI().getRawPath()
            + (query == null ? "" : "?" + query);
    MediaType type = contentType(request);
    this.mediaType =
        type == null ? "" : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
    String boundaryParameter =
        type != null && MediaType.MULTIPART_FORM_DATA.includes(type)
            ? type.getParameter("boundary")
            : null;
    this.boundary =
        boundaryParameter == null || boundaryParameter.isEmpty()
            ? null
            : new BoundaryMask(unquote(boundaryParameter).getBytes(StandardCharsets.ISO_8859_1));
    this.jsonLimit = jsonLimit;
    boolean isJson =
        type != null
            && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    this.json = isJson ? new ByteArrayOutputStream() : null;
  }

  /** Takes in one chunk of the body without consuming it. */
  void feed(DataBuffer buffer) {
    try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
      while (chunks.hasNext()) {
        ByteBuffer chunk = chunks.next();
        if (json != null) {
          if (json.size() + chunk.remaining() > jsonLimit) {
            json = null; // too large to be a valid request anyway: fall back to the raw bytes
          } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.duplicate().get(copy);
            json.writeBytes(copy);
          }
        }
        if (boundary != null) {
          boundary.update(chunk, raw);
        } else {
          raw.update(chunk);
        }
      }
    }
  }

  void complete() {
    if (boundary != null) {
      boundary.finish(raw);
    }
    complete = true;
  }

  boolean isComplete() {
    return complete;
  }

  /**
   * The fingerprint. A body the handler stopped reading halfway cannot be compared, so it gets a
   * fingerprint no later request matches (a retry then gets 409 rather than a wrong replay).
   */
  String hash() {
    MessageDigest digest = sha256();
    digest.update(route.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    digest.update(mediaType.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    if (!complete) {
      digest.update(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    } else {
      byte[] canonical = canonicalJson();
      digest.update(canonical != null ? canonical : raw.digest());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private byte[] canonicalJson() {
    if (json == null || json.size() == 0) {
      return null;
    }
    try {
      Object tree = CANONICAL.readValue(json.toByteArray(), Object.class);
      return ("json:" + CANONICAL.writeValueAsString(tree)).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static MediaType contentType(ServerHttpRequest request) {
    try {
      return request.getHeaders().getContentType();
    } catch (RuntimeException unparsable) {
      return null;
    }
  }

  private static String unquote(String value) {
    return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Streams bytes into a digest with every occurrence of the multipart boundary replaced by a fixed
   * marker (Knuth-Morris-Pratt, so a boundary split across chunks is still found).
   */
  static final class BoundaryMask {

    private static final byte[] MARKER = {0, 'B', 0};

    private final byte[] pattern;
    private final int[] fallback;
    private int matched;

    BoundaryMask(byte[] pattern) {
      this.pattern = pattern;
      this.fallback = new int[pattern.length];
      for (int i = 1, k = 0; i < pattern.length; i++) {
        while (k > 0 && pattern[i] != pattern[k]) {
          k = fallback[k - 1];
        }
        if (pattern[i] == pattern[k]) {
          k++;
        }
        fallback[i] = k;
      }
    }

    void update(ByteBuffer chunk, MessageDigest digest) {
      while (chunk.hasRemaining()) {
        byte b = chunk.get();
        while (matched > 0 && b != pattern[matched]) {
          int shorter = fallback[matched - 1];
          digest.update(pattern, 0, matched - shorter); // no longer part of a possible match
          matched = shorter;
        }
        if (b == pattern[matched]) {
          matched++;
          if (matched == pattern.length) {
            digest.update(MARKER);
            matched = 0;
          }
        } else {
          digest.update(b);
        }
      }
    }

    void finish(MessageDigest digest) {
      digest.update(pattern, 0, matched);
      matched = 0;
    }
  }
}

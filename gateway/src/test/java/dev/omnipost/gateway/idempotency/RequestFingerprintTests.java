package dev.omnipost.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RequestFingerprintTests {

  @Test
  void jsonBodiesMatchWhateverTheirKeyOrderAndWhitespace() {
    String first = hash(json("/v1/posts"), "{\"text\":\"hi\",\"account_ids\":[\"a\",\"b\"]}");
    String again =
        hash(json("/v1/posts"), "{ \"account_ids\" : [\"a\", \"b\"],\n \"text\" : \"hi\" }");
    String otherOrderInAnArray =
        hash(json("/v1/posts"), "{\"text\":\"hi\",\"account_ids\":[\"b\",\"a\"]}");

    assertThat(again).isEqualTo(first);
    assertThat(otherOrderInAnArray).isNotEqualTo(first);
  }

  @Test
  void theMethodPathAndQueryArePartOfTheRequest() {
    String body = "{\"url\":\"https://example.com\"}";

    assertThat(hash(json("/v1/webhooks"), body)).isNotEqualTo(hash(json("/v1/posts"), body));
    assertThat(hash(json("/v1/webhooks?x=1"), body)).isNotEqualTo(hash(json("/v1/webhooks"), body));
  }

  @Test
  void multipartBodiesMatchThoughEachSendHasItsOwnBoundary() {
    String first = hash(multipart("aaaa1111"), part("aaaa1111", "PNGDATA"), 3);
    String again = hash(multipart("bbbb2222"), part("bbbb2222", "PNGDATA"), 7);
    String otherFile = hash(multipart("cccc3333"), part("cccc3333", "GIFDATA"), 5);

    assertThat(again).isEqualTo(first);
    assertThat(otherFile).isNotEqualTo(first);
  }

  @Test
  void theBoundaryMaskFindsBoundariesSplitAcrossChunksAndAfterFalseStarts() {
    // in "aaab" the boundary "aab" starts at the second byte, after a false start at the first
    byte[] boundary = "aab".getBytes(StandardCharsets.US_ASCII);

    for (int chunk = 1; chunk <= 9; chunk++) {
      assertThat(mask(boundary, "aaabxaabaa", chunk)).isEqualTo("a\0B\0x\0B\0aa");
    }
    assertThat(mask(boundary, "aa", 1)).isEqualTo("aa");
  }

  @Test
  void aBodyTheHandlerDidNotReadToTheEndMatchesNothing() {
    MockServerHttpRequest request = json("/v1/posts");
    RequestFingerprint first = new RequestFingerprint(request, 1024);
    RequestFingerprint second = new RequestFingerprint(request, 1024);
    first.feed(DefaultDataBufferFactory.sharedInstance.wrap("{\"te".getBytes()));
    second.feed(DefaultDataBufferFactory.sharedInstance.wrap("{\"te".getBytes()));

    assertThat(first.hash()).isNotEqualTo(second.hash());
  }

  private static MockServerHttpRequest json(String uri) {
    return MockServerHttpRequest.post(uri).contentType(MediaType.APPLICATION_JSON).build();
  }

  private static MockServerHttpRequest multipart(String boundary) {
    return MockServerHttpRequest.post("/v1/media")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .build();
  }

  private static String part(String boundary, String content) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n"
        + content
        + "\r\n--"
        + boundary
        + "--\r\n";
  }

  private static String hash(MockServerHttpRequest request, String body) {
    return hash(request, body, body.length());
  }

  /** Feeds {@code body} in chunks of {@code chunk} bytes, as a network read would. */
  private static String hash(MockServerHttpRequest request, String body, int chunk) {
    RequestFingerprint fingerprint = new RequestFingerprint(request, 1024);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += chunk) {
      byte[] piece =
          java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk));
      fingerprint.feed(DefaultDataBufferFactory.sharedInstance.wrap(piece));
    }
    fingerprint.complete();
    return fingerprint.hash();
  }

  /** What the mask passes on, as text, with the marker for each boundary found. */
  private static String mask(byte[] boundary, String input, int chunk) {
    RequestFingerprint.BoundaryMask mask = new RequestFingerprint.BoundaryMask(boundary);
    RecordingDigest out = new RecordingDigest();
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    for (int from = 0; from < bytes.length; from += chunk) {
      mask.update(
          java.nio.ByteBuffer.wrap(
              java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk))),
          out);
    }
    mask.finish(out);
    return out.text.toString();
  }

  /** A "digest" that records what it was given. */
  private static final class RecordingDigest extends java.security.MessageDigest {
    final StringBuilder text = new StringBuilder();

    RecordingDigest() {
      super("recording");
    }

    @Override
    protected void engineUpdate(byte input) {
      text.append((char) input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      for (int i = offset; i < offset + len; i++) {
        text.append((char) input[i]);
      }
    }

    @Override
    protected byte[] engineDigest() {
      return new byte[0];
    }

    @Override
    protected void engineReset() {
      text.setLength(0);
    }
  }
}

package dev.omnipost.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Netty's decoder or Spring's adapter refuse before any gateway handler runs answer the
 * error envelope, not an empty body. Sent over a raw socket: no HTTP client sends them.
 */
class MalformedRequestTests extends GatewayTestSupport {

  private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

  @Test
  void aBrokenPercentEscapeIsAnEnveloped400() {
    assertEnvelope(get("/v1/posts/%zz"), 400, "request.invalid_uri");
    assertEnvelope(get("/v1/posts?cursor=%E"), 400, "request.invalid_uri");
  }

  @Test
  void aRequestLineOver4KiBIsAnEnveloped414() {
    assertEnvelope(get("/v1/posts/" + "a".repeat(5000)), 414, "request.uri_too_long");
  }

  @Test
  void headersOverTheLimitAreAnEnveloped431() {
    assertEnvelope(
        send("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000) + "\r\n\r\n"),
        431,
        "request.headers_too_large");
  }

  @Test
  void rawNonAsciiBytesBackslashesAndBracketsInThePathAreEnveloped400s() {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes("GET /v1/posts/".getBytes(StandardCharsets.US_ASCII));
    raw.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xA9, (byte) 0x85});
    raw.writeBytes(" HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEnvelope(RawHttp.send(port, raw.toByteArray()), 400, null);
    assertEnvelope(get("/v1/posts/a\\b"), 400, null);
    assertEnvelope(get("/v1/posts/[]"), 400, null);
  }

  @Test
  void aNulInContentTypeIsAnEnveloped400() {
    assertEnvelope(
        send(
            "POST /v1/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\0\r\n"
                + "Content-Length: 2\r\n\r\n{}"),
        400,
        "request.malformed");
  }

  @Test
  void controlCharactersInAnIdempotencyKeyAreAnEnveloped400() {
    assertEnvelope(
        send(
            "POST /v1/posts HTTP/1.1\r\nHost: x\r\nIdempotency-Key: ab\u0001cd\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"),
        400,
        null);
  }

  @Test
  void aContentLengthThatIsNoNumberIsAnEnveloped400() {
    assertEnvelope(
        send(
            "POST /v1/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: abc\r\n\r\n{}"),
        400,
        "request.malformed");
  }

  @Test
  void transferEncodingTogetherWithContentLengthIsAnEnveloped400() {
    assertEnvelope(
        send(
            "POST /v1/posts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
        400,
        "request.malformed");
  }

  @AfterEach
  void theGatewayStillAnswers() {
    RawHttp.Answer health = get("/v1/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
  }

  private RawHttp.Answer get(String target) {
    return send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  private RawHttp.Answer send(String request) {
    return RawHttp.send(port, request);
  }

  private static void assertEnvelope(RawHttp.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("content-type")).as(answer.toString()).startsWith("application/json");
    JsonNode body = JSON_MAPPER.readTree(answer.body());
    assertThat(body.at("/error/code").isString()).as(answer.body()).isTrue();
    assertThat(body.at("/error/message").asString()).as(answer.body()).isNotBlank();
    assertThat(body.at("/error/meta").isObject()).as(answer.body()).isTrue();
    if (code != null) {
      assertThat(body.at("/error/code").asString()).as(answer.body()).isEqualTo(code);
    }
  }
}

package dev.omnipost.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.gateway.GatewayTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /v1/media/from-url} (through the SSRF guard, against a file server on the one
 * allow-listed loopback port), {@code DELETE /v1/media/{id}}, {@code GET /v1/media/storage}, and
 * range requests on the public media URL.
 */
@SuppressWarnings("unchecked")
class MediaManagementTests extends GatewayTestSupport {

  private static final byte[] PNG = png();
  private static HttpServer files;

  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void fileServer() throws IOException {
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", ALLOWED_PORT), 0);
    files.createContext("/cat.png", exchange -> answer(exchange, 200, "image/png", PNG, true));
    files.createContext(
        "/page.html",
        exchange -> answer(exchange, 200, "text/html", "<html></html>".getBytes(), true));
    files.createContext(
        "/fake.png",
        exchange -> answer(exchange, 200, "image/png", "not an image".getBytes(), true));
    // chunked: no length declared, so only the streaming limit (64 KB in the tests) stops it
    files.createContext(
        "/endless.png",
        exchange -> {
          byte[] big = new byte[200 * 1024];
          System.arraycopy(PNG, 0, big, 0, PNG.length);
          answer(exchange, 200, "image/png", big, false);
        });
    files.createContext(
        "/clip.mp4",
        exchange ->
            answer(exchange, 200, "video/mp4", TestVideos.mp4(1280, 720, 12_500, "avc1"), true));
    files.createContext(
        "/missing.png", exchange -> answer(exchange, 404, "text/plain", "gone".getBytes(), true));
    files.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    files.start();
  }

  @AfterAll
  static void stopFileServer() {
    files.stop(0);
  }

  @Test
  void storesAFileFetchedFromAUrlAsAnUploadWouldBe() {
    Tenant tenant = newTenant();

    Map<String, Object> media = fromUrl(tenant, fileUrl("/cat.png"), 201);

    assertThat(media)
        .containsEntry("content_type", "image/png")
        .containsEntry("filename", "cat.png")
        .containsEntry("width", 40)
        .containsEntry("height", 30);
    assertThat(((Number) media.get("size_bytes")).longValue()).isEqualTo(PNG.length);
    byte[] served =
        publicFile(media)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(served).isEqualTo(PNG);
  }

  @Test
  void readsAVideoFetchedFromAUrlAsAnUploadedOneIsRead() {
    Tenant tenant = newTenant();

    Map<String, Object> media = fromUrl(tenant, fileUrl("/clip.mp4"), 201);

    // what the platform rules check at post creation: duration, dimensions and codec
    assertThat(media)
        .containsEntry("content_type", "video/mp4")
        .containsEntry("duration_ms", 12_500)
        .containsEntry("width", 1280)
        .containsEntry("height", 720)
        .containsEntry("video_codec", "avc1");
  }

  @Test
  void refusesUrlsTheSsrfGuardDoesNotAllow() {
    Tenant tenant = newTenant();

    assertThat(fromUrlError(tenant, "http://internal.example/cat.png", 400).get("code"))
        .isEqualTo("media.url_not_allowed");
    assertThat(fromUrlError(tenant, "http://metadata.example/latest", 400).get("code"))
        .isEqualTo("media.url_not_allowed");
    assertThat(fromUrlError(tenant, "http://127.0.0.1:" + port + "/v1/health", 400).get("code"))
        .isEqualTo("media.url_not_allowed");
    assertThat(fromUrlError(tenant, "http://nowhere.invalid/cat.png", 400).get("code"))
        .isEqualTo("media.url_unresolvable");
    assertThat(fromUrlError(tenant, "file:///etc/passwd", 400).get("code"))
        .isEqualTo("media.invalid_url");
    assertThat(mediaRows(tenant)).isZero();
  }

  @Test
  void checksTypeAndSizeWhileDownloadingAndKeepsNothingItRefused() {
    Tenant tenant = newTenant();

    assertThat(fromUrlError(tenant, fileUrl("/page.html"), 415).get("code"))
        .isEqualTo("media.unsupported_type");
    assertThat(fromUrlError(tenant, fileUrl("/fake.png"), 415).get("code"))
        .isEqualTo("media.unsupported_type");
    assertThat(fromUrlError(tenant, fileUrl("/endless.png"), 413).get("code"))
        .isEqualTo("media.too_large");
    assertThat(fromUrlError(tenant, fileUrl("/missing.png"), 400).get("code"))
        .isEqualTo("media.fetch_failed");
    assertThat(fromUrlError(tenant, null, 400).get("code")).isEqualTo("request.missing_field");
    assertThat(mediaRows(tenant)).isZero();
  }

  @Test
  void deletesAFileNoWaitingPostUsesAndGivesItsBytesBack() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Map<String, Object> media = fromUrl(tenant, fileUrl("/cat.png"), 201);
    String mediaId = (String) media.get("id");
    String postId = draftWith(tenant, account, mediaId);
    Map<String, Object> before = storage(tenant);

    Map<String, Object> inUse = deleteError(tenant, mediaId, 409);
    cancel(tenant, postId);
    http.delete()
        .uri("/v1/media/" + mediaId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isNoContent();

    assertThat(inUse.get("code")).isEqualTo("media.in_use");
    assertThat((List<String>) ((Map<String, Object>) inUse.get("meta")).get("post_ids"))
        .containsExactly(postId);
    get(tenant, "/v1/media/" + mediaId).exchange().expectStatus().isNotFound();
    publicFile(media).exchange().expectStatus().isNotFound();
    Map<String, Object> after = storage(tenant);
    assertThat(((Number) before.get("used_bytes")).longValue()).isEqualTo(PNG.length);
    assertThat(before).containsEntry("files", 1);
    assertThat(after).containsEntry("used_bytes", 0).containsEntry("files", 0);
    assertThat(((Number) after.get("remaining_bytes")).longValue())
        .isEqualTo(((Number) after.get("limit_bytes")).longValue());
  }

  @Test
  void anotherWorkspacesFileCannotBeDeleted() {
    Tenant owner = newTenant();
    String mediaId = (String) fromUrl(owner, fileUrl("/cat.png"), 201).get("id");

    assertThat(deleteError(newTenant(), mediaId, 404).get("code")).isEqualTo("resource.not_found");
    get(owner, "/v1/media/" + mediaId).exchange().expectStatus().isOk();
  }

  @Test
  void thePublicUrlAnswersByteRanges() {
    Tenant tenant = newTenant();
    Map<String, Object> media = fromUrl(tenant, fileUrl("/cat.png"), 201);

    publicFile(media)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Accept-Ranges", "bytes");
    byte[] part =
        publicFile(media)
            .header("Range", "bytes=1-3")
            .exchange()
            .expectStatus()
            .isEqualTo(206)
            .expectHeader()
            .valueEquals("Content-Range", "bytes 1-3/" + PNG.length)
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(part).containsExactly(PNG[1], PNG[2], PNG[3]);
    publicFile(media)
        .header("Range", "bytes=" + (PNG.length + 10) + "-")
        .exchange()
        .expectStatus()
        .isEqualTo(416)
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("media.range_not_satisfiable")
        .jsonPath("$.error.meta.size_bytes")
        .isEqualTo(PNG.length);
  }

  // --- fixtures

  private static String fileUrl(String path) {
    return "http://127.0.0.1:" + ALLOWED_PORT + path;
  }

  private WebTestClient.ResponseSpec fromUrlRequest(Tenant tenant, String url) {
    return post(tenant, "/v1/media/from-url")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(url == null ? Map.of() : Map.of("url", url))
        .exchange();
  }

  private Map<String, Object> fromUrl(Tenant tenant, String url, int status) {
    return (Map<String, Object>)
        fromUrlRequest(tenant, url)
            .expectBody(JSON)
            .consumeWith(
                answer ->
                    assertThat(answer.getStatus().value())
                        .as("%s", answer.getResponseBody())
                        .isEqualTo(status))
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private Map<String, Object> fromUrlError(Tenant tenant, String url, int status) {
    return (Map<String, Object>)
        fromUrlRequest(tenant, url)
            .expectStatus()
            .isEqualTo(status)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("error");
  }

  private Map<String, Object> deleteError(Tenant tenant, String mediaId, int status) {
    return (Map<String, Object>)
        http.delete()
            .uri("/v1/media/" + mediaId)
            .header("Authorization", "Bearer " + tenant.apiKey())
            .exchange()
            .expectStatus()
            .isEqualTo(status)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("error");
  }

  private Map<String, Object> storage(Tenant tenant) {
    return (Map<String, Object>)
        get(tenant, "/v1/media/storage")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private String draftWith(Tenant tenant, String account, String mediaId) {
    Map<String, Object> body =
        post(tenant, "/v1/posts")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "text",
                    "with a picture",
                    "account_ids",
                    List.of(account),
                    "media_ids",
                    List.of(mediaId),
                    "draft",
                    true))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (String) ((Map<String, Object>) body.get("data")).get("id");
  }

  private void cancel(Tenant tenant, String postId) {
    http.delete()
        .uri("/v1/posts/" + postId)
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange()
        .expectStatus()
        .isOk();
  }

  private long mediaRows(Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM media WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .query(Long.class)
        .single();
  }

  private WebTestClient.RequestHeadersSpec<?> publicFile(Map<String, Object> media) {
    return http.get().uri(URI.create((String) media.get("url")).getPath());
  }

  private static void answer(
      com.sun.net.httpserver.HttpExchange exchange,
      int status,
      String type,
      byte[] body,
      boolean withLength)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, withLength ? body.length : 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    } catch (IOException e) {
      // the gateway hung up once it had seen enough
    }
    exchange.close();
  }

  private static byte[] png() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

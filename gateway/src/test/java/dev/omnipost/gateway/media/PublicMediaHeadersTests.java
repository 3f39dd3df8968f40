package dev.omnipost.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * Public media live on the API's origin: whatever a tenant uploads must never render or run there
 * as a page, whatever its bytes or its name say.
 */
class PublicMediaHeadersTests extends GatewayTestSupport {

  private static final String POLYGLOT =
      "GIF89a\u0001\u0000\u0001\u0000/*<html><body><script>fetch('/v1/keys')</script>*/";

  @Test
  void everyPublicFileIsServedUnsniffableSandboxedAndInlineUnderItsName() throws Exception {
    Tenant tenant = newTenant();
    Map<String, Object> media = upload(tenant, png(), "cat.png");

    WebTestClient.ResponseSpec served = fetch(media);

    served
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.IMAGE_PNG)
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectHeader()
        .valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
        .expectHeader()
        .value(
            "Content-Disposition",
            disposition -> assertThat(disposition).startsWith("inline;").contains("cat.png"));
  }

  @Test
  void aGifHtmlPolyglotIsStoredAsAGifAndServedAsADownloadThatCannotBeSniffed() {
    Tenant tenant = newTenant();

    Map<String, Object> media = upload(tenant, POLYGLOT.getBytes(), "photo.html");

    assertThat(media).containsEntry("content_type", "image/gif");
    assertThat(media).containsEntry("filename", "photo.gif");
    fetch(media)
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.IMAGE_GIF)
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectHeader()
        .valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
        .expectHeader()
        .value(
            "Content-Disposition",
            disposition ->
                assertThat(disposition)
                    .startsWith("attachment;")
                    .contains("photo.gif")
                    .doesNotContain(".html"));
  }

  @Test
  void aFilenameCannotBreakOutOfItsHeader() throws Exception {
    Tenant tenant = newTenant();

    Map<String, Object> media = upload(tenant, png(), "a\"; evil=\"x\r\nSet-Cookie: s=1.png");

    assertThat((String) media.get("filename")).doesNotContain("\"").doesNotContain("\r");
    fetch(media)
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist("Set-Cookie")
        .expectHeader()
        .value(
            "Content-Disposition",
            disposition -> assertThat(disposition).doesNotContain("evil=\"x"));
  }

  @Test
  void anUnknownTokenAnswers404WithTheSameProtection() {
    http.get()
        .uri("/media/unknownTokenThatNobodyHas")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectHeader()
        .valueEquals("Content-Security-Policy", "default-src 'none'; sandbox")
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> upload(Tenant tenant, byte[] bytes, String filename) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(bytes) {
              @Override
              public String getFilename() {
                return filename;
              }
            })
        .contentType(MediaType.TEXT_HTML);
    return (Map<String, Object>)
        post(tenant, "/v1/media")
            .body(BodyInserters.fromMultipartData(body.build()))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private WebTestClient.ResponseSpec fetch(Map<String, Object> media) {
    return http.get().uri(URI.create((String) media.get("url")).getPath()).exchange();
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}

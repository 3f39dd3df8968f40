package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

@SuppressWarnings("unchecked")
class MediaTests extends GatewayTestSupport {

  private static byte[] png(int width, int height) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static MultipartBodyBuilder file(byte[] bytes, String filename) {
    MultipartBodyBuilder body = new MultipartBodyBuilder();
    body.part(
            "file",
            new ByteArrayResource(bytes) {
              @Override
              public String getFilename() {
                return filename;
              }
            })
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    return body;
  }

  @Test
  void uploadedImageIsServedPubliclyWithItsContentType() throws Exception {
    Tenant tenant = newTenant();
    byte[] image = png(30, 20);

    Map<String, Object> media =
        (Map<String, Object>)
            post(tenant, "/v1/media")
                .body(BodyInserters.fromMultipartData(file(image, "dir/cat.png").build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");

    assertThat(media)
        .containsEntry("content_type", "image/png")
        .containsEntry("filename", "cat.png")
        .containsEntry("width", 30)
        .containsEntry("height", 20)
        .containsEntry("size_bytes", image.length);
    String url = (String) media.get("url");
    assertThat(url).startsWith("http://media.test/media/");
    byte[] served =
        http.get()
            .uri(URI.create(url).getPath())
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.IMAGE_PNG)
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(served).isEqualTo(image);
    get(tenant, "/v1/media/" + media.get("id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.url")
        .isEqualTo(url);
    get(tenant, "/v1/media")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data[0].id")
        .isEqualTo(media.get("id"));
  }

  @Test
  void instagramPostsNeedMediaAndAcceptUploadedOnes() throws Exception {
    Tenant tenant = newTenant();
    String instagram = connect(tenant, "instagram");
    Map<String, Object> media =
        (Map<String, Object>)
            post(tenant, "/v1/media")
                .body(BodyInserters.fromMultipartData(file(png(8, 8), "a.png").build()))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody()
                .get("data");

    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("text", "no picture", "account_ids", List.of(instagram)))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.violations[0].code")
        .isEqualTo("media.required");
    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "text",
                "picture",
                "account_ids",
                List.of(instagram),
                "media_ids",
                List.of(media.get("id"))))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.data.targets[0].media_ids[0]")
        .isEqualTo(media.get("id"));
  }

  @Test
  void unsupportedFileTypesAre415() {
    Tenant tenant = newTenant();

    post(tenant, "/v1/media")
        .body(BodyInserters.fromMultipartData(file("just text".getBytes(), "a.png").build()))
        .exchange()
        .expectStatus()
        .isEqualTo(415)
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("media.unsupported_type");
  }

  @Test
  void filesOverTheLimitAre413() {
    Tenant tenant = newTenant();
    byte[] big = new byte[100 * 1024];
    big[0] = (byte) 0x89;

    post(tenant, "/v1/media")
        .body(BodyInserters.fromMultipartData(file(big, "big.png").build()))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.error.code")
        .value(code -> assertThat((String) code).endsWith("too_large"));
  }
}

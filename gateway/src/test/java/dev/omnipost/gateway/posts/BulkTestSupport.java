package dev.omnipost.gateway.posts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/** Fixtures of the validate, batch and import tests: uploads and counting what got stored. */
@SuppressWarnings("unchecked")
abstract class BulkTestSupport extends PostLifecycleTestSupport {

  protected long posts(Tenant tenant) {
    return jdbc.sql("SELECT count(*) FROM posts WHERE workspace_id = :ws")
        .param("ws", tenant.workspaceId())
        .query(Long.class)
        .single();
  }

  protected String uploadPng(Tenant tenant, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return upload(tenant, bytes.toByteArray(), "image.png", MediaType.IMAGE_PNG);
  }

  /** Uploads a file and answers its media view. */
  protected Map<String, Object> uploadFile(
      Tenant tenant, byte[] content, String filename, MediaType type) {
    MultipartBodyBuilder parts = new MultipartBodyBuilder();
    parts
        .part(
            "file",
            new ByteArrayResource(content) {
              @Override
              public String getFilename() {
                return filename;
              }
            })
        .contentType(type);
    Map<String, Object> body =
        post(tenant, "/v1/media")
            .body(BodyInserters.fromMultipartData(parts.build()))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    return (Map<String, Object>) body.get("data");
  }

  protected String upload(Tenant tenant, byte[] content, String filename, MediaType type) {
    return (String) uploadFile(tenant, content, filename, type).get("id");
  }
}

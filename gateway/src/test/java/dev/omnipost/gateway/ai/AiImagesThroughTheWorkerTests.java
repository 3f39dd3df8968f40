package dev.omnipost.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.GatewayTestSupport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Images through the real gateway and the real ai-worker (offline provider): sized for each
 * platform, 2 credits, answered as a PNG data URI and stored once in the media library.
 */
class AiImagesThroughTheWorkerTests extends GatewayTestSupport {

  private static RunningAiWorker worker;

  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startWorker() {
    worker = RunningAiWorker.start(Map.of());
  }

  @AfterAll
  static void stopWorker() {
    worker.close();
  }

  @Test
  void makesEachPlatformsImageInItsOwnSize() throws IOException {
    Tenant tenant = newTenant();
    Map<String, int[]> sizes =
        Map.of(
            "instagram", new int[] {1080, 1080},
            "facebook", new int[] {1200, 630},
            "x", new int[] {1600, 900},
            "linkedin", new int[] {1200, 627},
            "pinterest", new int[] {1000, 1500},
            "tiktok", new int[] {1080, 1920},
            "youtube", new int[] {1280, 720},
            "threads", new int[] {1080, 1080});

    for (Map.Entry<String, int[]> platform : sizes.entrySet()) {
      Map<String, Object> data =
          image(tenant, Map.of("prompt", "Fresh bread at dawn", "platform", platform.getKey()));

      BufferedImage png = decode((String) data.get("image_url"));
      assertThat(new int[] {png.getWidth(), png.getHeight()})
          .as(platform.getKey())
          .containsExactly(platform.getValue());
      assertThat(data.get("width")).isEqualTo(platform.getValue()[0]);
      assertThat(data.get("height")).isEqualTo(platform.getValue()[1]);
    }
  }

  @Test
  void aPortraitAspectAndAnExactSizeChangeTheSize() throws IOException {
    Tenant tenant = newTenant();

    BufferedImage portrait =
        decode(
            (String)
                image(
                        tenant,
                        Map.of(
                            "prompt",
                            "Linen shirts",
                            "platform",
                            "instagram",
                            "aspect",
                            "portrait"))
                    .get("image_url"));
    BufferedImage shorts =
        decode(
            (String)
                image(
                        tenant,
                        Map.of(
                            "prompt", "Surf lesson", "platform", "youtube", "aspect", "portrait"))
                    .get("image_url"));
    BufferedImage exact =
        decode(
            (String)
                image(
                        tenant,
                        Map.of("prompt", "Logo wall", "platform", "instagram", "size", "640x480"))
                    .get("image_url"));

    assertThat(new int[] {portrait.getWidth(), portrait.getHeight()}).containsExactly(1080, 1350);
    assertThat(new int[] {shorts.getWidth(), shorts.getHeight()}).containsExactly(1080, 1920);
    assertThat(new int[] {exact.getWidth(), exact.getHeight()}).containsExactly(640, 480);
  }

  @Test
  @SuppressWarnings("unchecked")
  void storesTheImageInTheMediaLibrarySoItCanBePostedAtOnce() {
    Tenant tenant = newTenant();
    int before = balance(tenant);

    Map<String, Object> answer =
        post(tenant, "/v1/ai/generate")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of("prompt", "Harbour at sunset", "platform", "facebook", "type", "image"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();

    Map<String, Object> data = AiToolsThroughTheWorkerTests.data(answer);
    assertThat(data).containsEntry("type", "image").containsEntry("provider", "offline");
    assertThat((String) data.get("notice")).contains("without an image model");
    assertThat(((Map<String, Object>) answer.get("credits"))).containsEntry("used", 2);
    assertThat(balance(tenant)).isEqualTo(before - 2);
    String mediaId = (String) data.get("media_id");
    assertThat(mediaId).startsWith("med_");
    Map<String, Object> media =
        AiToolsThroughTheWorkerTests.data(
            get(tenant, "/v1/media/" + mediaId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody());
    assertThat(media)
        .containsEntry("content_type", "image/png")
        .containsEntry("width", 1200)
        .containsEntry("height", 630);
    String url = (String) media.get("url");
    byte[] served =
        http.get()
            .uri(url.replace("http://media.test", ""))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.IMAGE_PNG)
            .expectBody()
            .returnResult()
            .getResponseBody();
    assertThat(served)
        .isEqualTo(
            Base64.getDecoder()
                .decode(
                    ((String) data.get("image_url")).substring("data:image/png;base64,".length())));
    // stored once: the generation lets go of its copy, and reading it again adds no second file
    Map<String, Object> again =
        AiToolsThroughTheWorkerTests.data(
            get(tenant, "/v1/ai/generations/" + data.get("id"))
                .exchange()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody());
    assertThat(again)
        .containsEntry("media_id", mediaId)
        .containsEntry("image_url", data.get("image_url"));
    assertThat(
            jdbc.sql("SELECT count(*) FROM media WHERE workspace_id = :ws")
                .param("ws", tenant.workspaceId())
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT image_png IS NULL FROM ai_generations WHERE id = :id")
                .param("id", data.get("id"))
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void aBrandRestrictedKeysImageBelongsToItsBrandAndAnotherBrandsKeyCannotSeeIt() {
    Tenant tenant = newTenant();
    String brand = newBrand(tenant, "Bakery");
    String otherBrand = newBrand(tenant, "Surf school");
    Tenant bakeryKey = keyRestrictedToBrands(tenant, brand);
    Tenant surfKey = keyRestrictedToBrands(tenant, otherBrand);

    String mediaId =
        (String)
            image(bakeryKey, Map.of("prompt", "Cinnamon buns", "platform", "instagram"))
                .get("media_id");

    assertThat(
            jdbc.sql("SELECT brand_id FROM media WHERE id = :id")
                .param("id", mediaId)
                .query(String.class)
                .single())
        .isEqualTo(brand);
    get(bakeryKey, "/v1/media/" + mediaId).exchange().expectStatus().isOk();
    get(surfKey, "/v1/media/" + mediaId)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("resource.not_found");
  }

  @Test
  void aKeyOfSeveralBrandsMustNameTheImagesBrand() {
    Tenant tenant = newTenant();
    Tenant key = keyRestrictedToBrands(tenant, newBrand(tenant, "A"), newBrand(tenant, "B"));

    post(key, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "Anything", "type", "image"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("brand_id");
    post(key, "/v1/ai/generate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("prompt", "Anything", "type", "image", "brand_id", "brd_notmine"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("brand.unknown");
  }

  @Test
  void whenTheStorageQuotaIsFullTheImageIsStillAnsweredButNotStored() throws IOException {
    Tenant tenant = newTenant();
    http.patch()
        .uri("/v1/admin/workspaces/" + tenant.workspaceId())
        .header("Authorization", "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("limits", Map.of("media_storage_bytes", 10)))
        .exchange()
        .expectStatus()
        .isOk();

    Map<String, Object> data =
        image(tenant, Map.of("prompt", "Market stall", "platform", "threads"));

    assertThat(data).doesNotContainKey("media_id").containsEntry("media_error", "quota.exceeded");
    assertThat(decode((String) data.get("image_url")).getWidth()).isEqualTo(1080);
  }

  private Map<String, Object> image(Tenant tenant, Map<String, Object> body) {
    Map<String, Object> request = new HashMap<>(body);
    request.put("type", "image");
    return AiToolsThroughTheWorkerTests.data(
        post(tenant, "/v1/ai/generate")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(request)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody());
  }

  private static BufferedImage decode(String dataUri) throws IOException {
    assertThat(dataUri).startsWith("data:image/png;base64,");
    byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  @SuppressWarnings("unchecked")
  private int balance(Tenant tenant) {
    Map<String, Object> usage =
        AiToolsThroughTheWorkerTests.data(
            get(tenant, "/v1/usage").exchange().expectBody(JSON).returnResult().getResponseBody());
    return ((Number) ((Map<String, Object>) usage.get("ai_credits_per_month")).get("remaining"))
        .intValue();
  }
}

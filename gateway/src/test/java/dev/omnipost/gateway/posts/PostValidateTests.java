package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.media.TestVideos;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /v1/posts/validate} through the real gateway: the rule books' findings per target,
 * nothing stored, and the same answer creating the post would give.
 */
@SuppressWarnings("unchecked")
class PostValidateTests extends BulkTestSupport {

  private WebTestClient.ResponseSpec validate(Tenant tenant, Object body) {
    return post(tenant, "/v1/posts/validate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private Map<String, Object> validation(Tenant tenant, Object body) {
    return (Map<String, Object>)
        validate(tenant, body)
            .expectStatus()
            .isOk()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private static List<Map<String, Object>> findings(Map<String, Object> validation, int target) {
    List<Map<String, Object>> targets = (List<Map<String, Object>>) validation.get("targets");
    return (List<Map<String, Object>>) targets.get(target).get("findings");
  }

  @Test
  void listsEachTargetsFindingsStoresNothingAndAgreesWithCreate() {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String x = connect(tenant, "twitter");
    String pinterest = connect(tenant, "pinterest");
    Map<String, Object> body =
        Map.of("text", "你".repeat(141), "account_ids", List.of(mastodon, x, pinterest));

    Map<String, Object> validation = validation(tenant, body);

    assertThat(validation.get("valid")).isEqualTo(false);
    List<Map<String, Object>> targets = (List<Map<String, Object>>) validation.get("targets");
    assertThat(targets)
        .extracting(t -> t.get("account_id"), t -> t.get("platform"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(mastodon, "mastodon"),
            org.assertj.core.groups.Tuple.tuple(x, "twitter"),
            org.assertj.core.groups.Tuple.tuple(pinterest, "pinterest"));
    assertThat(findings(validation, 0)).isEmpty();
    assertThat(findings(validation, 1))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f)
                  .containsEntry("severity", "error")
                  .containsEntry("code", "text.too_long")
                  .containsEntry("field", "text")
                  .containsEntry("limit", 280)
                  .containsEntry("actual", 282);
              assertThat((String) f.get("message")).contains("280 weighted characters");
            });
    assertThat(findings(validation, 2))
        .extracting(f -> f.get("code"), f -> f.get("field"))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("media.required", "media_ids"),
            org.assertj.core.groups.Tuple.tuple(
                "option.required", "platform_options.pinterest.board_id"));
    assertThat(posts(tenant)).isZero();

    List<Map<String, Object>> violations =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    ((Map<String, Object>)
                            post(tenant, "/v1/posts")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(body)
                                .exchange()
                                .expectStatus()
                                .isBadRequest()
                                .expectBody(JSON)
                                .returnResult()
                                .getResponseBody()
                                .get("error"))
                        .get("meta"))
                .get("violations");
    assertThat(violations)
        .extracting(v -> v.get("account_id") + " " + v.get("code"))
        .containsExactlyInAnyOrder(
            x + " text.too_long", pinterest + " media.required", pinterest + " option.required");
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void aValidPostIsValidAndWarningsDoNotMakeItInvalid() throws Exception {
    Tenant tenant = newTenant();
    String business = connect(tenant, "google_business");
    String media = uploadPng(tenant, 40, 40);

    Map<String, Object> validation =
        validation(
            tenant,
            Map.of(
                "text",
                "Open late on Fridays",
                "account_ids",
                List.of(business),
                "media_ids",
                List.of(media),
                "platform_options",
                Map.of("google_business", Map.of("topic_type", "STANDARD"))));

    assertThat(validation.get("valid")).isEqualTo(true);
    assertThat(findings(validation, 0))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("severity", "warning")
                    .containsEntry("code", "media.dimensions")
                    .containsEntry("field", "media_ids[0]"));
    assertThat(posts(tenant)).isZero();
  }

  @Test
  void requiredOptionsComeFromPlatformOptionsOrTheAccount() throws Exception {
    Tenant tenant = newTenant();
    String business = connect(tenant, "google_business");
    String pinterest = connect(tenant, "pinterest");
    jdbc.sql(
            "UPDATE accounts SET settings = settings || '{\"board_id\": \"board-1\"}' WHERE id = :id")
        .param("id", pinterest)
        .update();
    String media = uploadPng(tenant, 600, 900);

    Map<String, Object> missing =
        validation(
            tenant,
            Map.of(
                "text",
                "Hi",
                "account_ids",
                List.of(business, pinterest),
                "media_ids",
                List.of(media),
                "platform_options",
                Map.of("google_business", Map.of("topic_type", "SALE"))));

    assertThat(missing.get("valid")).isEqualTo(false);
    assertThat(findings(missing, 0))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("code", "option.invalid")
                    .containsEntry("field", "platform_options.google_business.topic_type"));
    assertThat(findings(missing, 1)).isEmpty();
    Map<String, Object> longTitle =
        validation(
            tenant,
            Map.of(
                "text",
                "Hi",
                "account_ids",
                List.of(pinterest),
                "media_ids",
                List.of(media),
                "platform_options",
                Map.of("pinterest", Map.of("title", "t".repeat(101)))));
    assertThat(findings(longTitle, 0))
        .extracting(f -> f.get("code"))
        .containsExactly("option.too_long");
  }

  @Test
  void videosAreCheckedByTheFactsReadFromTheirBoxesAtUpload() {
    Tenant tenant = newTenant();
    String x = connect(tenant, "twitter");
    String tiktok = connect(tenant, "tiktok");
    String youtube = connect(tenant, "youtube");
    Map<String, Object> video =
        uploadFile(
            tenant,
            TestVideos.mp4(1280, 720, 200_000, "avc1"),
            "clip.mp4",
            MediaType.parseMediaType("video/mp4"));
    Map<String, Object> mov =
        uploadFile(
            tenant,
            TestVideos.mov(1080, 1920, 30_000),
            "clip.mov",
            MediaType.parseMediaType("video/quicktime"));

    assertThat(video)
        .containsEntry("content_type", "video/mp4")
        .containsEntry("width", 1280)
        .containsEntry("height", 720)
        .containsEntry("duration_ms", 200_000)
        .containsEntry("video_codec", "avc1");
    assertThat(mov)
        .containsEntry("content_type", "video/quicktime")
        .containsEntry("width", 1080)
        .containsEntry("height", 1920)
        .containsEntry("duration_ms", 30_000);
    get(tenant, "/v1/media/" + video.get("id"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.duration_ms")
        .isEqualTo(200_000);
    Map<String, Object> body =
        Map.of(
            "text",
            "Surf",
            "account_ids",
            List.of(x, tiktok, youtube),
            "media_ids",
            List.of(video.get("id")),
            "platform_options",
            Map.of("tiktok", Map.of("privacy_level", "SELF_ONLY")));

    Map<String, Object> validation = validation(tenant, body);

    assertThat(validation.get("valid")).isEqualTo(false);
    assertThat(findings(validation, 0))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f)
                  .containsEntry("code", "video.too_long")
                  .containsEntry("field", "media_ids[0]")
                  .containsEntry("severity", "error");
              assertThat((String) f.get("message")).contains("140 s", "200 s");
            });
    assertThat(findings(validation, 1))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .containsEntry("code", "media.aspect_ratio")
                    .containsEntry("severity", "warning"));
    assertThat(findings(validation, 2))
        .extracting(f -> f.get("code"))
        .containsExactly("option.required");
    post(tenant, "/v1/posts")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.violations.length()")
        .isEqualTo(2)
        .jsonPath("$.error.meta.violations[0].code")
        .isEqualTo("video.too_long");
    Map<String, Object> portrait =
        validation(
            tenant,
            Map.of(
                "text",
                "Surf",
                "account_ids",
                List.of(tiktok),
                "media_ids",
                List.of(mov.get("id")),
                "platform_options",
                Map.of("tiktok", Map.of("privacy_level", "SELF_ONLY"))));
    assertThat(portrait.get("valid")).isEqualTo(true);
    assertThat(findings(portrait, 0)).isEmpty();
  }

  @Test
  void refusesWhatCreateRefusesBeforeAnyRule() throws Exception {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Tenant other = newTenant();
    String othersAccount = connect(other, "mastodon");
    String othersMedia = uploadPng(other, 10, 10);

    validate(tenant, Map.of("account_ids", List.of(account)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field");
    validate(tenant, Map.of("text", "hi", "account_ids", List.of(othersAccount)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_accounts");
    validate(
            tenant,
            Map.of(
                "text", "hi", "account_ids", List.of(account), "media_ids", List.of(othersMedia)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.unknown_media");
    validate(
            tenant,
            Map.of(
                "text",
                "hi",
                "account_ids",
                List.of(account),
                "scheduled_at",
                "2020-01-01T00:00:00Z"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("post.scheduled_at_in_past");
    post(tenant, "/v1/posts/validate")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"text\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
  }

  @Test
  void needsTheScopesCreatingThePostNeeds() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    Tenant reader = keyWithScopes(tenant, "posts:read");
    Tenant writer = keyWithScopes(tenant, "posts:write");
    Map<String, Object> now = Map.of("text", "hi", "account_ids", List.of(account));
    Map<String, Object> draft =
        Map.of("text", "hi", "account_ids", List.of(account), "draft", true);

    validate(reader, draft).expectStatus().isForbidden();
    validate(writer, now)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("posts:publish");
    assertThat(validation(writer, draft).get("valid")).isEqualTo(true);
  }
}

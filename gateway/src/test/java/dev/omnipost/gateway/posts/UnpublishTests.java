package dev.omnipost.gateway.posts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.gateway.web.Scopes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * {@code POST /v1/posts/{id}/unpublish} at the gateway: what it answers per target and what it
 * records for the publisher-worker (the delete request on the row and one {@code
 * command.delete_target} in the outbox). The worker's side is {@code TargetDeleterTests}; the whole
 * way to the sandbox is the local stack's end-to-end test. Published targets are written the way
 * the worker writes them.
 */
@SuppressWarnings("unchecked")
class UnpublishTests extends PostLifecycleTestSupport {

  @Test
  void asksTheWorkerToDeleteDeletableTargetsAndReportsInstagramAsUnsupported() throws Exception {
    Tenant tenant = newTenant();
    String mastodon = connect(tenant, "mastodon");
    String instagram = connect(tenant, "instagram");
    String postId = publishedPost(tenant, mastodon, instagram);
    String mastodonTarget = targetId(tenant, postId, mastodon);
    String instagramTarget = targetId(tenant, postId, instagram);

    Map<String, Object> answer = unpublish(tenant, postId, 202);

    assertThat(answer.get("post_id")).isEqualTo(postId);
    Map<String, Map<String, Object>> byTarget = byTarget(answer);
    assertThat(byTarget.get(mastodonTarget))
        .containsEntry("result", "deleting")
        .containsEntry("status", "published")
        .doesNotContainKey("error");
    assertThat(byTarget.get(instagramTarget)).containsEntry("result", "unsupported");
    assertThat((Map<String, Object>) byTarget.get(instagramTarget).get("error"))
        .containsEntry("code", "platform.unsupported_operation");
    assertThat(deleteCommands(mastodonTarget)).isEqualTo(1);
    assertThat(deleteCommands(instagramTarget)).isZero();
    assertThat(requested(mastodonTarget)).isTrue();
    assertThat(requested(instagramTarget)).isFalse();
  }

  @Test
  void repeatingTheRequestWhileDeletingSendsNoSecondCommand() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedPost(tenant, account);
    String target = targetId(tenant, postId, account);
    unpublish(tenant, postId, 202);

    Map<String, Object> again = unpublish(tenant, postId, 202);

    assertThat(byTarget(again).get(target)).containsEntry("result", "deleting");
    assertThat(deleteCommands(target)).isEqualTo(1);
  }

  @Test
  void answersDeletedTargetsAsDoneAndSkipsTargetsThatNeverPublished() {
    Tenant tenant = newTenant();
    String deleted = connect(tenant, "mastodon");
    String failed = connect(tenant, "mastodon");
    String postId = publishedPost(tenant, deleted, failed);
    String deletedTarget = targetId(tenant, postId, deleted);
    String failedTarget = targetId(tenant, postId, failed);
    jdbc.sql("UPDATE post_targets SET status = 'deleted', deleted_at = now() WHERE id = :id")
        .param("id", deletedTarget)
        .update();
    settleAsWorker(failedTarget, "failed", null);

    Map<String, Object> answer = unpublish(tenant, postId, 200);

    assertThat(byTarget(answer).get(deletedTarget)).containsEntry("result", "deleted");
    assertThat(byTarget(answer).get(failedTarget))
        .containsEntry("result", "skipped")
        .containsEntry("status", "failed");
    assertThat(deleteCommands(deletedTarget) + deleteCommands(failedTarget)).isZero();
  }

  @Test
  void asksAgainForATargetWhoseEarlierDeleteFailed() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = publishedPost(tenant, account);
    String target = targetId(tenant, postId, account);
    unpublish(tenant, postId, 202);
    jdbc.sql(
            "UPDATE post_targets SET delete_error_code = 'platform_unavailable',"
                + " delete_attempts = 4 WHERE id = :id")
        .param("id", target)
        .update();

    unpublish(tenant, postId, 202);

    assertThat(deleteCommands(target)).isEqualTo(2);
    Map<String, Object> row =
        jdbc.sql("SELECT delete_error_code, delete_attempts FROM post_targets WHERE id = :id")
            .param("id", target)
            .query()
            .singleRow();
    assertThat(row.get("delete_error_code")).isNull();
    assertThat(row.get("delete_attempts")).isEqualTo(0);
  }

  @Test
  void answers501WhenEveryPublishedTargetIsOnAPlatformThatCannotDelete() throws Exception {
    Tenant tenant = newTenant();
    String instagram = connect(tenant, "instagram");
    String postId = publishedPost(tenant, instagram);

    Map<String, Object> error = unpublishError(tenant, postId, 501);

    assertThat(error.get("code")).isEqualTo("platform.unsupported_operation");
    assertThat((String) error.get("message")).contains("instagram");
    List<Map<String, Object>> targets =
        (List<Map<String, Object>>) ((Map<String, Object>) error.get("meta")).get("targets");
    assertThat(targets)
        .singleElement()
        .satisfies(t -> assertThat(t).containsEntry("result", "unsupported"));
    assertThat(deleteCommands(targetId(tenant, postId, instagram))).isZero();
  }

  @Test
  void refusesAPostThatWasNeverPublishedWith409() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    String postId = scheduled(tenant, "later", account);

    Map<String, Object> error = unpublishError(tenant, postId, 409);

    assertThat(error.get("code")).isEqualTo("post.not_published");
    assertThat((String) error.get("message")).contains("DELETE /v1/posts/" + postId);
  }

  @Test
  void answers404ForAnotherWorkspacesPostAnd403WithoutThePublishScope() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    String postId = publishedPost(owner, account);
    Tenant stranger = newTenant();

    assertThat(unpublishError(stranger, postId, 404).get("code")).isEqualTo("resource.not_found");
    assertThat(
            unpublishError(keyWithScopes(owner, Scopes.POSTS_READ, Scopes.POSTS_WRITE), postId, 403)
                .get("code"))
        .isEqualTo("auth.forbidden_scope");
    assertThat(deleteCommands(targetId(owner, postId, account))).isZero();
  }

  // --- fixtures

  /** A post to the accounts, every target then published as the worker records it. */
  private String publishedPost(Tenant tenant, String... accountIds) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("text", "to be unpublished");
    body.put("account_ids", List.of(accountIds));
    body.put("draft", true);
    if (java.util.Arrays.stream(accountIds).anyMatch(id -> platformOf(id).equals("instagram"))) {
      body.put("media_ids", List.of(upload(tenant)));
    }
    String postId = (String) createPost(tenant, body).get("id");
    jdbc.sql(
            "UPDATE post_targets SET status = 'published', published_at = now(), attempts = 1,"
                + " platform_post_id = 'p-' || id, permalink = 'https://example.com/' || id"
                + " WHERE post_id = :post")
        .param("post", postId)
        .update();
    setPostStatus(postId, "published");
    return postId;
  }

  private String platformOf(String accountId) {
    return jdbc.sql("SELECT platform FROM accounts WHERE id = :id")
        .param("id", accountId)
        .query(String.class)
        .single();
  }

  private String upload(Tenant tenant) {
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB), "png", png);
      MultipartBodyBuilder multipart = new MultipartBodyBuilder();
      multipart
          .part(
              "file",
              new ByteArrayResource(png.toByteArray()) {
                @Override
                public String getFilename() {
                  return "a.png";
                }
              })
          .contentType(MediaType.IMAGE_PNG);
      Map<String, Object> answer =
          post(tenant, "/v1/media")
              .body(BodyInserters.fromMultipartData(multipart.build()))
              .exchange()
              .expectStatus()
              .isCreated()
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      return (String) ((Map<String, Object>) answer.get("data")).get("id");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Map<String, Object> unpublish(Tenant tenant, String postId, int status) {
    return (Map<String, Object>)
        action(tenant, postId, "unpublish", null)
            .expectStatus()
            .isEqualTo(status)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("data");
  }

  private Map<String, Object> unpublishError(Tenant tenant, String postId, int status) {
    return (Map<String, Object>)
        action(tenant, postId, "unpublish", null)
            .expectStatus()
            .isEqualTo(status)
            .expectBody(JSON)
            .returnResult()
            .getResponseBody()
            .get("error");
  }

  private static Map<String, Map<String, Object>> byTarget(Map<String, Object> answer) {
    Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
    ((List<Map<String, Object>>) answer.get("targets"))
        .forEach(t -> byId.put((String) t.get("id"), t));
    return byId;
  }

  private long deleteCommands(String targetId) {
    return jdbc.sql(
            "SELECT count(*) FROM outbox WHERE topic = 'omnipost.publish-commands'"
                + " AND CAST(convert_from(payload, 'UTF8') AS jsonb) ->> 'type'"
                + " = 'command.delete_target'"
                + " AND CAST(convert_from(payload, 'UTF8') AS jsonb) ->> 'subject' = :target")
        .param("target", targetId)
        .query(Long.class)
        .single();
  }

  private boolean requested(String targetId) {
    return jdbc.sql("SELECT delete_requested_at IS NOT NULL FROM post_targets WHERE id = :id")
        .param("id", targetId)
        .query(Boolean.class)
        .single();
  }
}

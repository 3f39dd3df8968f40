package dev.omnipost.connectors.bluesky;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bluesky's inbox calls against the sandbox's PDS: replies, likes, hidden replies, mentions. */
class BlueskyInboxTests {

  private static final String DID = "did:plc:bakery7";
  private static final String HANDLE = "bakery.bsky.social";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PlatformConnector connector =
      SandboxFixture.connectors().forPlatform(Platform.BLUESKY).orElseThrow();
  private final AccountCredentials account =
      SandboxFixture.credentials(Platform.BLUESKY, DID, HANDLE, "abcd-efgh-ijkl-mnop", Map.of());

  @BeforeEach
  void registerAccount() {
    SANDBOX.control().reset();
    SandboxFixture.register("bluesky", DID, HANDLE, "abcd-efgh-ijkl-mnop");
  }

  @Test
  void listsEveryCommentOperationButPrivateReplies() {
    assertThat(connector.inboxOperations())
        .containsExactlyInAnyOrder(
            InboxOperation.LIST_COMMENTS,
            InboxOperation.REPLY_TO_COMMENT,
            InboxOperation.HIDE_COMMENT,
            InboxOperation.LIKE_COMMENT,
            InboxOperation.DELETE_COMMENT,
            InboxOperation.LIST_MENTIONS);
    assertThat(connector.deletesOwnCommentsOnly()).isTrue();
  }

  @Test
  void listsOthersRepliesAtAnyDepthButNotTheAccountsOwn() {
    PublishedPost post = connector.publish(account, text("Fresh bread"));
    String theirs = reply(post.platformPostId(), "fan.bsky.social", "Yum");
    String ours = connector.replyToComment(account, theirs, "Thanks!");
    String deeper = reply(ours, "fan.bsky.social", "You're welcome");

    List<PlatformComment> comments = connector.listRecentComments(account);

    assertThat(comments)
        .extracting(PlatformComment::platformCommentId)
        .containsExactly(theirs, deeper);
    assertThat(comments.get(0).parentId()).isNull();
    assertThat(comments.get(1).parentId()).isEqualTo(ours);
    assertThat(comments.get(1).platformPostId()).isEqualTo(post.platformPostId());
    assertThat(comments.get(1).authorId()).isEqualTo("did:plc:fanbskysocial");
  }

  @Test
  void repliesUnderTheCommentWithTheThreadsRootAndDeletesOnlyItsOwnReply() {
    PublishedPost post = connector.publish(account, text("Fresh bread"));
    String theirs = reply(post.platformPostId(), "fan.bsky.social", "Yum");
    String deeper = reply(theirs, "fan.bsky.social", "Really yum");

    String ours = connector.replyToComment(account, deeper, "Thank you @" + HANDLE);

    assertThat(ours).startsWith("at://" + DID + "/app.bsky.feed.post/");
    JsonNode thread = thread(post.platformPostId());
    assertThat(thread).hasSize(3);
    assertThat(thread.get(2).path("uri").asString()).isEqualTo(ours);
    assertThat(thread.get(2).path("parent_uri").asString()).isEqualTo(deeper);
    assertThat(thread.get(2).path("root_uri").asString()).isEqualTo(post.platformPostId());
    assertThat(thread.get(2).path("own").asBoolean()).isTrue();

    assertThatThrownBy(() -> connector.deleteComment(account, theirs))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("someone else's");
    connector.deleteComment(account, ours);
    connector.deleteComment(account, ours); // gone already: still deleted
    assertThat(thread(post.platformPostId()))
        .extracting(r -> r.path("uri").asString())
        .containsExactly(theirs, deeper);
  }

  @Test
  void likesAndUnlikesWithALikeRecordAndDoesNotLikeTwice() {
    PublishedPost post = connector.publish(account, text("Fresh bread"));
    String theirs = reply(post.platformPostId(), "fan.bsky.social", "Yum");

    connector.likeComment(account, theirs, true);
    connector.likeComment(account, theirs, true);
    assertThat(thread(post.platformPostId()).get(0).path("liked_by"))
        .extracting(JsonNode::asString)
        .containsExactly(DID); // one like record, not two

    connector.likeComment(account, theirs, false);
    connector.likeComment(account, theirs, false);
    assertThat(thread(post.platformPostId()).get(0).path("liked_by")).isEmpty();
  }

  @Test
  void hidesAndShowsRepliesThroughTheRootPostsThreadgate() {
    PublishedPost post = connector.publish(account, text("Fresh bread"));
    String first = reply(post.platformPostId(), "fan.bsky.social", "Spam");
    String second = reply(first, "troll.bsky.social", "More spam");

    connector.hideComment(account, first, true);
    connector.hideComment(account, second, true);
    connector.hideComment(account, second, true);

    assertThat(thread(post.platformPostId()))
        .extracting(r -> r.path("hidden").asBoolean())
        .containsExactly(true, true);
    connector.hideComment(account, first, false);
    assertThat(thread(post.platformPostId()))
        .extracting(r -> r.path("hidden").asBoolean())
        .containsExactly(false, true);
    // the gate has no allow rules: everyone may still reply
    assertThat(reply(post.platformPostId(), "fan.bsky.social", "Still open")).isNotBlank();
  }

  @Test
  void refusesToHideAReplyUnderSomeoneElsesPostAndAnswersAMissingComment() {
    SandboxFixture.register("bluesky", "did:plc:miller", "miller.bsky.social", "other-password");
    AccountCredentials miller =
        SandboxFixture.credentials(
            Platform.BLUESKY, "did:plc:miller", "miller.bsky.social", "other-password", Map.of());
    PublishedPost theirPost = connector.publish(miller, text("Miller's post"));
    String reply = reply(theirPost.platformPostId(), "fan.bsky.social", "Hi");

    assertThatThrownBy(() -> connector.hideComment(account, reply, true))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("own posts");
    assertThatThrownBy(
            () ->
                connector.replyToComment(
                    account, "at://did:plc:gone/app.bsky.feed.post/3kgone", "Hello?"))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("no post");
  }

  @Test
  void readsMentionsOnceWithTheNewestIndexedAtAsCursor() {
    PublishedPost post = connector.publish(account, text("Fresh bread"));
    reply(post.platformPostId(), "fan.bsky.social", "Not a mention, a reply");
    String first = mention("miller.bsky.social", "Have you tried");

    SyncPage<PlatformMention> page = connector.listMentions(account, null);
    String second = mention("miller.bsky.social", "Again,");
    SyncPage<PlatformMention> next = connector.listMentions(account, page.nextCursor());
    SyncPage<PlatformMention> none = connector.listMentions(account, next.nextCursor());

    assertThat(page.items())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.platformItemId()).isEqualTo(first);
              assertThat(m.authorName()).isEqualTo("miller.bsky.social");
              assertThat(m.text()).isEqualTo("Have you tried @" + HANDLE);
              assertThat(m.url()).startsWith("https://bsky.app/profile/miller.bsky.social/post/");
            });
    assertThat(next.items()).extracting(PlatformMention::platformItemId).containsExactly(second);
    assertThat(none.items()).isEmpty();
    assertThat(none.nextCursor()).isEqualTo(next.nextCursor());
  }

  private static String reply(String uri, String handle, String text) {
    return JSON.readTree(
            SandboxFixture.control(
                "/_sandbox/bluesky/replies",
                JSON.writeValueAsString(Map.of("uri", uri, "handle", handle, "text", text))))
        .path("uri")
        .asString();
  }

  private static String mention(String handle, String text) {
    return JSON.readTree(
            SandboxFixture.control(
                "/_sandbox/bluesky/mentions",
                JSON.writeValueAsString(Map.of("did", DID, "handle", handle, "text", text))))
        .path("uri")
        .asString();
  }

  private static JsonNode thread(String uri) {
    return JSON.readTree(SandboxFixture.get("/_sandbox/bluesky/replies?uri=" + uri));
  }

  private static PublishRequest text(String text) {
    return new PublishRequest("t-" + text.hashCode(), text, List.of(), Map.of());
  }
}

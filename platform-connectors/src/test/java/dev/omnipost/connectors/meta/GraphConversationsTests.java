package dev.omnipost.connectors.meta;

import static dev.omnipost.connectors.SandboxFixture.SANDBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.SandboxFixture;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.SyncPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messenger and Instagram Direct through the Facebook and Instagram connectors against the
 * sandbox's Conversations and Send APIs: threads read with the other party and both sides'
 * messages, the cursor skipping threads not updated since, an answer that appears in the thread,
 * and Meta's refusal outside the 24-hour window as a permanent failure.
 */
class GraphConversationsTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PAGE = "104000000000077";
  private static final String IG_USER = "17841400000000077";

  @BeforeEach
  void register() {
    SANDBOX.control().reset();
    SandboxFixture.register("facebook", PAGE, "Bakery", "page-token");
    SandboxFixture.register("instagram", IG_USER, "bakery.ig", "ig-token");
  }

  @Test
  void readsMessengerThreadsAndAnswersInThem() {
    PlatformConnector facebook = connector(Platform.FACEBOOK);
    AccountCredentials page = credentials(Platform.FACEBOOK, PAGE, "Bakery", "page-token");
    JsonNode written = incoming("facebook", PAGE, "ana", "Open on Sunday?", 0);

    SyncPage<PlatformMessage> first = facebook.listMessages(page, null);

    assertThat(facebook.supports(InboxOperation.LIST_MESSAGES)).isTrue();
    assertThat(facebook.supports(InboxOperation.SEND_MESSAGE)).isTrue();
    assertThat(facebook.messagingWindow()).isEqualTo(Duration.ofHours(24));
    PlatformMessage message = first.items().get(0);
    assertThat(first.items()).hasSize(1);
    assertThat(message.platformMessageId()).isEqualTo(written.path("message_id").asString());
    assertThat(message.platformConversationId())
        .isEqualTo(written.path("conversation_id").asString());
    assertThat(message.participant().id()).isEqualTo(written.path("from_id").asString());
    assertThat(message.participant().name()).isEqualTo("ANA");
    assertThat(message.authorName()).isEqualTo("ANA");
    assertThat(message.text()).isEqualTo("Open on Sunday?");
    assertThat(message.fromAccount()).isFalse();
    assertThat(message.createdAt()).isNotNull();
    assertThat(first.nextCursor()).isNotNull();

    String sent =
        facebook.sendMessage(
            page,
            message.platformConversationId(),
            message.participant().id(),
            "10 to 2",
            List.of());

    JsonNode thread =
        JSON.readTree(
            get("/_sandbox/facebook/conversations/" + written.path("conversation_id").asString()));
    assertThat(thread.at("/messages/1/id").asString()).isEqualTo(sent);
    assertThat(thread.at("/messages/1/text").asString()).isEqualTo("10 to 2");
    assertThat(thread.at("/messages/1/from_account").asBoolean()).isTrue();
    // the answer is listed as the account's own
    List<PlatformMessage> again = facebook.listMessages(page, null).items();
    assertThat(again).hasSize(2);
    assertThat(again.stream().filter(PlatformMessage::fromAccount).map(PlatformMessage::text))
        .containsExactly("10 to 2");
  }

  @Test
  void theCursorSkipsThreadsNotUpdatedSince() {
    PlatformConnector instagram = connector(Platform.INSTAGRAM);
    AccountCredentials account = credentials(Platform.INSTAGRAM, IG_USER, "bakery.ig", "ig-token");
    incoming("instagram", IG_USER, "old.friend", "Hi", 3600);

    SyncPage<PlatformMessage> first = instagram.listMessages(account, null);
    SyncPage<PlatformMessage> second = instagram.listMessages(account, first.nextCursor());

    assertThat(first.items()).hasSize(1);
    assertThat(first.items().get(0).participant().handle()).isEqualTo("old.friend");
    assertThat(first.items().get(0).authorHandle()).isEqualTo("old.friend");
    assertThat(second.items()).isEmpty();
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void anAnswerOutsideTheWindowIsRefusedForGood() {
    PlatformConnector instagram = connector(Platform.INSTAGRAM);
    AccountCredentials account = credentials(Platform.INSTAGRAM, IG_USER, "bakery.ig", "ig-token");
    JsonNode written =
        incoming("instagram", IG_USER, "late", "Still open?", Duration.ofHours(25).toSeconds());

    assertThatThrownBy(
            () ->
                instagram.sendMessage(
                    account, null, written.path("from_id").asString(), "Sorry", List.of()))
        .isInstanceOf(PermanentPlatformException.class)
        .hasMessageContaining("outside of allowed window");
  }

  private static PlatformConnector connector(Platform platform) {
    return SandboxFixture.connectors().forPlatform(platform).orElseThrow();
  }

  private static AccountCredentials credentials(
      Platform platform, String id, String handle, String token) {
    return SandboxFixture.credentials(platform, id, handle, token, Map.of());
  }

  private static JsonNode incoming(
      String platform, String account, String username, String text, long ageSeconds) {
    return JSON.readTree(
        SandboxFixture.control(
            "/_sandbox/" + platform + "/messages",
            JSON.writeValueAsString(
                Map.of(
                    "account_id", account,
                    "username", username,
                    "name", username.toUpperCase(java.util.Locale.ROOT),
                    "text", text,
                    "age_seconds", ageSeconds))));
  }

  private static String get(String path) {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(SANDBOX.baseUrl() + path))
                  .GET()
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.omnipost.connectors.meta;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.TransientPlatformException;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.MessageMediaRules;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.PlatformMessage.Participant;
import dev.omnipost.connectors.inbox.SyncPage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Direct messages through Meta's Conversations and Send APIs, alike for a Facebook Page (Messenger,
 * {@code platform=messenger}) and an Instagram professional account ({@code platform=instagram}):
 *
 * <ul>
 *   <li>read: {@code GET /{id}/conversations?platform=&fields=id,updated_time,participants,
 *       messages{id,created_time,from,to,message}} → threads, newest first, each with its recent
 *       messages;
 *   <li>send: {@code POST /{id}/messages} {@code {"recipient":{"id"},"messaging_type":"RESPONSE",
 *       "message":{"text"}}} (an image or video as {@code message.attachment} {@code {type,
 *       payload:{url}}}, one per message) → {@code {"recipient_id","message_id"}}.
 * </ul>
 *
 * Both platforms accept a reply only within 24 hours of the person's last message ({@link
 * #WINDOW}); outside it Meta refuses with code 10 / subcode 2018278, a permanent failure.
 */
public final class GraphConversations {

  /** Messenger's and Instagram's standard messaging window. */
  public static final Duration WINDOW = Duration.ofHours(24);

  private static final DateTimeFormatter GRAPH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final String messagingPlatform;
  private final int limit;

  /**
   * @param messagingPlatform Graph's {@code platform} parameter: {@code messenger} or {@code
   *     instagram}
   * @param limit threads per sync, and messages per thread
   */
  public GraphConversations(
      RestClient client,
      Platform platform,
      String apiUrl,
      String messagingPlatform,
      int limit,
      Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(platform, new MetaErrorTranslator(platform, clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.messagingPlatform = messagingPlatform;
    this.limit = Math.min(Math.max(limit, 1), 100);
  }

  /**
   * The messages of threads updated after {@code cursor} (the newest {@code updated_time} seen, in
   * epoch seconds; null: the most recent threads), oldest first; the next cursor is the newest
   * {@code updated_time} read. Messages already stored are de-duplicated by the inbox.
   */
  public SyncPage<PlatformMessage> list(AccountCredentials account, String cursor) {
    long after = cursor == null ? Long.MIN_VALUE : parseCursor(cursor);
    JsonNode threads =
        http.call(
                client
                    .get()
                    .uri(
                        apiUrl
                            + "/{id}/conversations?platform={platform}&limit={limit}&fields={fields}",
                        account.platformAccountId(),
                        messagingPlatform,
                        limit,
                        "id,updated_time,participants,messages.limit("
                            + limit
                            + "){id,created_time,from,to,message}")
                    .headers(h -> h.setBearerAuth(account.accessToken())))
            .body();
    List<PlatformMessage> messages = new ArrayList<>();
    long newest = after;
    for (JsonNode thread : threads.path("data")) {
      Instant updated = parseTime(JsonText.of(thread, "updated_time"));
      long updatedSeconds = updated == null ? Long.MAX_VALUE : updated.getEpochSecond();
      if (updated != null && updatedSeconds <= after) {
        continue;
      }
      if (updated != null) {
        newest = Math.max(newest, updatedSeconds);
      }
      Participant other = otherParticipant(thread.path("participants"), account);
      if (other == null) {
        continue;
      }
      String threadId = JsonText.of(thread, "id");
      for (JsonNode message : thread.path("messages").path("data")) {
        JsonNode from = message.path("from");
        String authorId = JsonText.of(from, "id");
        boolean fromAccount = account.platformAccountId().equals(authorId);
        messages.add(
            new PlatformMessage(
                JsonText.of(message, "id"),
                threadId,
                other,
                authorId,
                JsonText.of(from, "username"),
                JsonText.of(from, "name"),
                JsonText.of(message, "message"),
                fromAccount,
                parseTime(JsonText.of(message, "created_time"))));
      }
    }
    messages.sort(
        Comparator.comparing(
            PlatformMessage::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(messages, newest == after ? null : String.valueOf(newest));
  }

  /**
   * Sends {@code text} (and each media file as its own attachment message, after the text) to
   * {@code recipientId}; returns the message id of the text, or of the first attachment without
   * text. Once one message went out, a later one's transient failure is reported with no HTTP
   * status (its outcome, and a retry's, would repeat what was sent: the inbox keeps the attempt
   * marker) and a refusal says what was sent already.
   */
  public String send(
      AccountCredentials account, String recipientId, String text, List<MediaAttachment> media) {
    String first = null;
    if (text != null && !text.isBlank()) {
      first = sendOne(account, recipientId, Map.of("text", text));
    }
    for (MediaAttachment file : media == null ? List.<MediaAttachment>of() : media) {
      String type =
          file.contentType() != null && file.contentType().startsWith("video/") ? "video" : "image";
      Map<String, ?> attachment =
          Map.of("attachment", Map.of("type", type, "payload", Map.of("url", file.url())));
      if (first == null) {
        first = sendOne(account, recipientId, attachment);
        continue;
      }
      try {
        sendOne(account, recipientId, attachment);
      } catch (TransientPlatformException e) {
        throw new TransientPlatformException(
            e.platform(),
            0,
            "The text was sent; the attachment was not confirmed: " + e.getMessage(),
            e.retryAfter(),
            e);
      } catch (PermanentPlatformException e) {
        throw new PermanentPlatformException(
            e.platform(),
            e.httpStatus(),
            "The text was sent; the attachment was refused: " + e.getMessage(),
            e);
      }
    }
    return first;
  }

  /**
   * What Meta's Send API takes in an answer through Omnipost: one attachment (an image of up to 8
   * MB or an MP4 video of up to 25 MB), fetched by Meta from its URL.
   */
  public static MessageMediaRules mediaRules() {
    Map<String, Long> types = new LinkedHashMap<>();
    for (String image : List.of("image/jpeg", "image/png", "image/gif")) {
      types.put(image, 8L * 1024 * 1024);
    }
    types.put("video/mp4", 25L * 1024 * 1024);
    return new MessageMediaRules(1, types);
  }

  private String sendOne(AccountCredentials account, String recipientId, Map<String, ?> message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recipient", Map.of("id", recipientId));
    body.put("messaging_type", "RESPONSE");
    body.put("message", message);
    JsonNode sent =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/{id}/messages", account.platformAccountId())
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body))
            .body();
    return JsonText.of(sent, "message_id");
  }

  private static Participant otherParticipant(JsonNode participants, AccountCredentials account) {
    for (JsonNode p : participants.path("data")) {
      String id = JsonText.of(p, "id");
      if (id != null && !id.equals(account.platformAccountId())) {
        return new Participant(id, JsonText.of(p, "username"), JsonText.of(p, "name"));
      }
    }
    return null;
  }

  private static long parseCursor(String cursor) {
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException notOurs) {
      return Long.MIN_VALUE;
    }
  }

  static Instant parseTime(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, GRAPH_TIME).toInstant();
    } catch (DateTimeParseException notGraphFormat) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException unreadable) {
        return null;
      }
    }
  }
}

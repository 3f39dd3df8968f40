package dev.omnipost.connectors.x;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.PlatformMessage.Participant;
import dev.omnipost.connectors.inbox.SyncPage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * X direct messages through the API v2:
 *
 * <ul>
 *   <li>read: {@code GET /2/dm_events?event_types=MessageCreate&dm_event.fields=id,text,event_type,
 *       created_at,sender_id,dm_conversation_id&expansions=sender_id&user.fields=username,name},
 *       newest first, following {@code meta.next_token} as {@code pagination_token} until an event
 *       no newer than the cursor (the newest event id seen) or {@link #MAX_PAGES} pages;
 *   <li>send: {@code POST /2/dm_conversations/with/{participant_id}/messages} {@code {"text",
 *       "attachments":[{"media_id"}]}} → 201 {@code {"data":{"dm_conversation_id","dm_event_id"}}};
 *       an image is first uploaded with {@code POST /2/media/upload} ({@code
 *       media_category=dm_image}), ready at once.
 * </ul>
 *
 * Only one-to-one conversations ({@code dm_conversation_id} {@code <id>-<id>}) are read: a group
 * thread has no single other party to key it by (ADR 0027).
 */
final class XDirectMessages {

  /** Pages of 100 events read per sync at most. */
  static final int MAX_PAGES = 5;

  private static final int PAGE = 100;
  private static final String FIELDS = "id,text,event_type,created_at,sender_id,dm_conversation_id";

  /** What X takes in a DM answer: one image (GIFs and videos need processing first). */
  static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;

  XDirectMessages(RestClient client, PlatformHttp http, String apiUrl) {
    this.client = client;
    this.http = http;
    this.apiUrl = apiUrl;
  }

  SyncPage<PlatformMessage> list(AccountCredentials account, String cursor) {
    List<PlatformMessage> messages = new ArrayList<>();
    String newest = cursor;
    String token = null;
    for (int page = 0; page < (cursor == null ? 1 : MAX_PAGES); page++) {
      JsonNode answer = events(account, token);
      Map<String, JsonNode> users = new HashMap<>();
      answer.path("includes").path("users").forEach(u -> users.put(JsonText.of(u, "id"), u));
      boolean reachedCursor = false;
      for (JsonNode event : answer.path("data")) {
        String id = JsonText.of(event, "id");
        if (id == null) {
          continue;
        }
        if (cursor != null && compareIds(id, cursor) <= 0) {
          reachedCursor = true;
          break;
        }
        if (newest == null || compareIds(id, newest) > 0) {
          newest = id;
        }
        PlatformMessage message = message(account, event, users);
        if (message != null) {
          messages.add(message);
        }
      }
      token = JsonText.of(answer.path("meta"), "next_token");
      if (reachedCursor || token == null) {
        break;
      }
    }
    messages.sort(
        Comparator.comparing(
            PlatformMessage::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(messages, newest);
  }

  String send(
      AccountCredentials account, String recipientId, String text, List<MediaAttachment> media) {
    List<MediaAttachment> files = media == null ? List.of() : media;
    if (files.size() > 1) {
      throw new PermanentPlatformException(
          Platform.TWITTER, 400, "X takes one attachment per direct message", null);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (text != null && !text.isBlank()) {
      body.put("text", text);
    }
    if (!files.isEmpty()) {
      body.put("attachments", List.of(Map.of("media_id", upload(account, files.get(0)))));
    }
    JsonNode sent =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/2/dm_conversations/with/{participant}/messages", recipientId)
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body))
            .body();
    return JsonText.of(sent.path("data"), "dm_event_id");
  }

  /** A simple upload with {@code media_category=dm_image}; answers the media id. */
  private String upload(AccountCredentials account, MediaAttachment file) {
    PlatformHttp.Download download = http.download(client, file.url());
    String type = file.contentType() != null ? file.contentType() : download.contentType();
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part("media", new ByteArrayResource(download.bytes()))
        .filename("dm-image")
        .contentType(MediaType.APPLICATION_OCTET_STREAM);
    multipart.part("media_category", "dm_image");
    if (type != null) {
      multipart.part("media_type", type);
    }
    JsonNode data =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/2/media/upload")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(multipart.build()))
            .body()
            .path("data");
    String id = JsonText.of(data, "id");
    if (id == null) {
      throw new PermanentPlatformException(
          Platform.TWITTER, 502, "X's media upload answered without a media id", null);
    }
    return id;
  }

  private JsonNode events(AccountCredentials account, String paginationToken) {
    String path =
        "/2/dm_events?max_results={max}&event_types=MessageCreate&dm_event.fields={fields}"
            + "&expansions=sender_id&user.fields=username,name"
            + (paginationToken == null ? "" : "&pagination_token={token}");
    Object[] variables =
        paginationToken == null
            ? new Object[] {PAGE, FIELDS}
            : new Object[] {PAGE, FIELDS, paginationToken};
    return http.call(
            client
                .get()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken())))
        .body();
  }

  /** The event as a message of the one-to-one conversation; null for a group thread's. */
  private static PlatformMessage message(
      AccountCredentials account, JsonNode event, Map<String, JsonNode> users) {
    String conversation = JsonText.of(event, "dm_conversation_id");
    String self = account.platformAccountId();
    if (conversation == null || !conversation.contains("-")) {
      return null;
    }
    String[] ids = conversation.split("-", 2);
    String otherId = ids[0].equals(self) ? ids[1] : ids[1].equals(self) ? ids[0] : null;
    if (otherId == null) {
      return null;
    }
    String senderId = JsonText.of(event, "sender_id");
    boolean fromAccount = self.equals(senderId);
    JsonNode sender = senderId == null ? null : users.get(senderId);
    JsonNode other = users.get(otherId);
    Participant participant =
        new Participant(
            otherId,
            other == null ? null : JsonText.of(other, "username"),
            other == null ? null : JsonText.of(other, "name"));
    return new PlatformMessage(
        JsonText.of(event, "id"),
        conversation,
        participant,
        senderId,
        sender == null ? null : JsonText.of(sender, "username"),
        sender == null ? null : JsonText.of(sender, "name"),
        JsonText.of(event, "text"),
        fromAccount,
        parseInstant(JsonText.of(event, "created_at")));
  }

  private static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private static Instant parseInstant(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}

package dev.omnipost.connectors.bluesky;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.http.PlatformResponse;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes {@code app.bsky.feed.post} records to the account's PDS through XRPC, acting on a
 * session opened with the account's app password ({@link BlueskySessions}). Images are uploaded as
 * blobs, one per step, and embedded ({@code app.bsky.embed.images}, up to four); links, mentions
 * (resolved to DIDs) and hashtags become facets with UTF-8 byte offsets. The record key is chosen
 * and stored before the create, so a lost answer is settled by reading exactly that record.
 */
public final class BlueskyConnector implements PlatformConnector {

  /** The attempt marker of the record create. */
  static final String CREATE_POST = "bluesky.post";

  static final String COLLECTION = "app.bsky.feed.post";
  static final String LIKE = "app.bsky.feed.like";
  static final String THREADGATE = "app.bsky.feed.threadgate";
  private static final int THREAD_DEPTH = 10;
  private static final int MENTION_PAGE_SIZE = 50;
  private static final int MENTION_PAGES = 4;
  private static final String BLOBS = "blobs";
  private static final String RKEY = "rkey";
  private static final int MAX_IMAGES = 4;
  private static final long MAX_IMAGE_BYTES = 1_000_000;
  private static final int CREATE_POINTS = 3;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RestClient client;
  private final PlatformHttp http;
  private final String pdsUrl;
  private final Duration processingTimeout;
  private final int recentPostLimit;
  private final Clock clock;
  private final BlueskySessions sessions;
  private final RecordKeys recordKeys;

  /**
   * @param pdsUrl the PDS, e.g. {@code https://bsky.social} (paths {@code /xrpc/...})
   * @param recentPostLimit how many recent posts comment syncing looks at
   */
  public BlueskyConnector(
      RestClient client, String pdsUrl, Duration processingTimeout, int recentPostLimit) {
    this(client, pdsUrl, processingTimeout, recentPostLimit, Clock.systemUTC());
  }

  BlueskyConnector(
      RestClient client,
      String pdsUrl,
      Duration processingTimeout,
      int recentPostLimit,
      Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(Platform.BLUESKY, new BlueskyErrorTranslator(clock));
    this.pdsUrl = pdsUrl.endsWith("/") ? pdsUrl.substring(0, pdsUrl.length() - 1) : pdsUrl;
    this.processingTimeout = processingTimeout;
    this.recentPostLimit = Math.min(Math.max(recentPostLimit, 1), 100);
    this.clock = clock;
    this.sessions = new BlueskySessions(client, http, this.pdsUrl);
    this.recordKeys = new RecordKeys(clock);
  }

  @Override
  public Platform platform() {
    return Platform.BLUESKY;
  }

  /** 5000 write points per account per hour, a post costing 3: 1666 posts an hour. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(5000 / CREATE_POINTS, Duration.ofHours(1));
  }

  /**
   * Steps: one {@code uploadBlob} per image ({@code blobs}), then the record key is chosen ({@code
   * rkey}), then {@code createRecord} with that key.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    List<MediaAttachment> images = request.media();
    if (images.size() > MAX_IMAGES) {
      return new PublishStep.Rejected(
          "platform_rejected", "Bluesky posts take at most " + MAX_IMAGES + " images");
    }
    for (MediaAttachment media : images) {
      if (media.contentType() != null && !media.contentType().startsWith("image/")) {
        return new PublishStep.Rejected(
            "platform_rejected", "Bluesky posts take images only (" + media.contentType() + ")");
      }
    }
    List<String> blobs = state.texts(BLOBS);
    if (blobs.size() < images.size()) {
      String blob = uploadBlob(account, images.get(blobs.size()));
      return PublishStep.Wait.now(state.withAdded(BLOBS, blob));
    }
    if (!state.has(RKEY)) {
      return PublishStep.Wait.now(state.with(RKEY, recordKeys.next()));
    }
    String rkey = state.text(RKEY);
    Map<String, Object> record = record(account, request, blobs);
    context.beforeCreate(CREATE_POST);
    try {
      PlatformResponse created =
          sessions.with(
              account,
              session ->
                  http.call(
                      client
                          .post()
                          .uri(pdsUrl + "/xrpc/com.atproto.repo.createRecord")
                          .headers(h -> h.setBearerAuth(session.accessJwt()))
                          .contentType(MediaType.APPLICATION_JSON)
                          .body(
                              Map.of(
                                  "repo", session.did(),
                                  "collection", COLLECTION,
                                  "rkey", rkey,
                                  "record", record))));
      reportBudget(created, context);
      String uri = JsonText.of(created.body(), "uri");
      return new PublishStep.Done(uri, permalink(account, uri));
    } catch (PermanentPlatformException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Record already exists")) {
        String uri = sessions.with(account, s -> "at://" + s.did() + "/" + COLLECTION + "/" + rkey);
        return new PublishStep.Done(uri, permalink(account, uri));
      }
      throw e;
    }
  }

  /** The record key was stored before the create: the record is there under it, or it is not. */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    String rkey = state.text(RKEY);
    if (!CREATE_POST.equals(attempt.what()) || rkey == null) {
      return PostLookup.notCreated();
    }
    return sessions.with(
        account,
        session -> {
          String uri = "at://" + session.did() + "/" + COLLECTION + "/" + rkey;
          return record(session, rkey) == null
              ? PostLookup.notCreated()
              : new PostLookup.Found(uri, permalink(account, uri));
        });
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    String rkey = rkeyOf(platformPostId);
    return sessions.with(
        account,
        session -> {
          if (record(session, rkey) == null) {
            return new DeleteResult.AlreadyGone();
          }
          http.call(
              client
                  .post()
                  .uri(pdsUrl + "/xrpc/com.atproto.repo.deleteRecord")
                  .headers(h -> h.setBearerAuth(session.accessJwt()))
                  .contentType(MediaType.APPLICATION_JSON)
                  .body(Map.of("repo", session.did(), "collection", COLLECTION, "rkey", rkey)));
          return new DeleteResult.Deleted();
        });
  }

  /** {@code app.bsky.feed.getPosts}: likes, reposts and quotes (shares), replies (comments). */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode posts =
        sessions
            .with(
                account,
                session ->
                    http.call(
                        client
                            .get()
                            .uri(pdsUrl + "/xrpc/app.bsky.feed.getPosts?uris={uri}", platformPostId)
                            .headers(h -> h.setBearerAuth(session.accessJwt()))))
            .body()
            .path("posts");
    if (posts.isEmpty()) {
      throw new PermanentPlatformException(
          Platform.BLUESKY, 0, "Bluesky has no post " + platformPostId, null);
    }
    JsonNode post = posts.get(0);
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", post.path("likeCount").asLong(0));
    counters.put("shares", post.path("repostCount").asLong(0) + post.path("quoteCount").asLong(0));
    counters.put("comments", post.path("replyCount").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /**
   * What the account's PDS offers the inbox: replies to its posts (read, answered, liked, hidden
   * through the root post's threadgate, and deleted when they are the account's own) and mentions
   * from its notifications. No private replies: Bluesky's chat is a separate service.
   */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return Set.of(
        InboxOperation.LIST_COMMENTS,
        InboxOperation.REPLY_TO_COMMENT,
        InboxOperation.HIDE_COMMENT,
        InboxOperation.LIKE_COMMENT,
        InboxOperation.DELETE_COMMENT,
        InboxOperation.LIST_MENTIONS);
  }

  /** {@code deleteRecord} works only in the session's own repo: the account's own replies. */
  @Override
  public boolean deletesOwnCommentsOnly() {
    return true;
  }

  /**
   * Replies by others (at any depth) under the account's recent posts ({@code
   * com.atproto.repo.listRecords}, its own replies skipped), each thread read with {@code
   * app.bsky.feed.getPostThread?depth=}; oldest first. A reply's {@code platformPostId} is the post
   * at the top of its thread, {@code parentId} the reply it answers when that is not the post.
   */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    return sessions.with(
        account,
        session -> {
          JsonNode records =
              get(
                      session,
                      "/xrpc/com.atproto.repo.listRecords?repo={repo}&collection={c}&limit={n}",
                      session.did(),
                      COLLECTION,
                      recentPostLimit)
                  .path("records");
          List<PlatformComment> comments = new ArrayList<>();
          for (JsonNode record : records) {
            String uri = JsonText.of(record, "uri");
            if (uri == null || !record.path("value").path("reply").isMissingNode()) {
              continue; // a reply of ours belongs to someone's thread, not a thread of its own
            }
            JsonNode thread =
                get(
                    session,
                    "/xrpc/app.bsky.feed.getPostThread?uri={uri}&depth={depth}&parentHeight=0",
                    uri,
                    THREAD_DEPTH);
            collectReplies(thread.path("thread"), uri, session.did(), comments);
          }
          comments.sort(
              Comparator.comparing(
                  PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
          return comments;
        });
  }

  /**
   * A post with {@code reply{root, parent}}: the parent is the comment (its cid read with {@code
   * getPosts}), the root the post its thread hangs under. Returns the reply's at:// uri.
   */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    return sessions.with(
        account,
        session -> {
          JsonNode comment = post(session, platformCommentId);
          Map<String, Object> parent = strongRef(comment);
          JsonNode root = comment.path("record").path("reply").path("root");
          Map<String, Object> reply = new LinkedHashMap<>();
          reply.put(
              "root",
              root.isMissingNode()
                  ? parent
                  : Map.of("uri", JsonText.of(root, "uri"), "cid", JsonText.of(root, "cid")));
          reply.put("parent", parent);
          Map<String, Object> record = new LinkedHashMap<>();
          record.put("$type", COLLECTION);
          record.put("text", text);
          record.put("createdAt", clock.instant().toString());
          List<Map<String, Object>> facets =
              BlueskyFacets.of(text, handle -> resolve(session, handle));
          if (!facets.isEmpty()) {
            record.put("facets", facets);
          }
          record.put("reply", reply);
          return JsonText.of(
              write(session, "createRecord", Map.of("collection", COLLECTION, "record", record)),
              "uri");
        });
  }

  /**
   * An {@code app.bsky.feed.like} record naming the comment; unliking deletes the account's like,
   * which {@code getPosts} names in {@code viewer.like}. Liking twice or unliking an unliked
   * comment changes nothing.
   */
  @Override
  public void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    sessions.with(
        account,
        session -> {
          JsonNode comment = post(session, platformCommentId);
          String like = JsonText.of(comment.path("viewer"), "like");
          if (liked && like == null) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("$type", LIKE);
            record.put("subject", strongRef(comment));
            record.put("createdAt", clock.instant().toString());
            write(session, "createRecord", Map.of("collection", LIKE, "record", record));
          } else if (!liked && like != null) {
            if (!like.startsWith("at://" + session.did() + "/")) {
              throw new PermanentPlatformException(
                  Platform.BLUESKY, 0, "the like " + like + " is not the account's", null);
            }
            write(session, "deleteRecord", Map.of("collection", LIKE, "rkey", rkeyOf(like)));
          }
          return null;
        });
  }

  /**
   * Bluesky hides a reply through the thread's root post: its {@code app.bsky.feed.threadgate}
   * record (same rkey, the account's own repo) lists it in {@code hiddenReplies}. The gate is read
   * first and written back whole ({@code putRecord}), so its reply rules stay as they were; a new
   * gate has no {@code allow}, which leaves replies open to everyone.
   */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    sessions.with(
        account,
        session -> {
          JsonNode comment = post(session, platformCommentId);
          String root = JsonText.of(comment.path("record").path("reply").path("root"), "uri");
          if (root == null || !root.startsWith("at://" + session.did() + "/" + COLLECTION + "/")) {
            throw new PermanentPlatformException(
                Platform.BLUESKY,
                0,
                "Bluesky hides only replies in threads under the account's own posts ("
                    + platformCommentId
                    + ")",
                null);
          }
          String rkey = rkeyOf(root);
          JsonNode existing = record(session, THREADGATE, rkey);
          ObjectNode gate =
              existing != null && existing.path("value") instanceof ObjectNode value
                  ? value.deepCopy()
                  : JSON.createObjectNode();
          gate.put("$type", THREADGATE);
          gate.put("post", root);
          if (!gate.path("createdAt").isString()) {
            gate.put("createdAt", clock.instant().toString());
          }
          Set<String> replies = new LinkedHashSet<>();
          gate.path("hiddenReplies").forEach(uri -> replies.add(uri.asString()));
          boolean changed =
              hidden ? replies.add(platformCommentId) : replies.remove(platformCommentId);
          if (!changed) {
            return null;
          }
          ArrayNode list = gate.putArray("hiddenReplies");
          replies.forEach(list::add);
          write(
              session, "putRecord", Map.of("collection", THREADGATE, "rkey", rkey, "record", gate));
          return null;
        });
  }

  /** {@code deleteRecord} of the account's own reply; a reply already gone counts as deleted. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    sessions.with(
        account,
        session -> {
          if (!platformCommentId.startsWith("at://" + session.did() + "/" + COLLECTION + "/")) {
            throw new PermanentPlatformException(
                Platform.BLUESKY,
                0,
                "Bluesky deletes only the account's own replies; "
                    + platformCommentId
                    + " is someone else's",
                null);
          }
          write(
              session,
              "deleteRecord",
              Map.of("collection", COLLECTION, "rkey", rkeyOf(platformCommentId)));
          return null;
        });
  }

  /**
   * {@code app.bsky.notification.listNotifications?reasons=mention&reasons=quote}, newest first,
   * paged back with the PDS's cursor until the notifications are no newer than ours (at most
   * {@value #MENTION_PAGES} pages); returned oldest first. Our cursor is the newest {@code
   * indexedAt} seen.
   */
  @Override
  public SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    Instant after = parseTime(cursor);
    return sessions.with(
        account,
        session -> {
          List<PlatformMention> mentions = new ArrayList<>();
          Instant newest = after;
          String page = null;
          for (int pages = 0; pages < MENTION_PAGES; pages++) {
            String path =
                "/xrpc/app.bsky.notification.listNotifications?limit={limit}"
                    + "&reasons=mention&reasons=quote"
                    + (page == null ? "" : "&cursor={cursor}");
            JsonNode answer =
                page == null
                    ? get(session, path, MENTION_PAGE_SIZE)
                    : get(session, path, MENTION_PAGE_SIZE, page);
            boolean older = false;
            for (JsonNode notification : answer.path("notifications")) {
              Instant indexed = parseTime(JsonText.of(notification, "indexedAt"));
              if (after != null && (indexed == null || !indexed.isAfter(after))) {
                older = true;
                continue;
              }
              String reason = JsonText.of(notification, "reason");
              if (!"mention".equals(reason) && !"quote".equals(reason)) {
                continue;
              }
              if (indexed != null && (newest == null || indexed.isAfter(newest))) {
                newest = indexed;
              }
              mentions.add(mention(notification, indexed));
            }
            page = JsonText.of(answer, "cursor");
            if (older || page == null || after == null) {
              break; // the first sync takes the newest page only
            }
          }
          mentions.sort(
              Comparator.comparing(
                  PlatformMention::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
          return new SyncPage<>(mentions, newest == null ? null : newest.toString());
        });
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  private String uploadBlob(AccountCredentials account, MediaAttachment media) {
    PlatformHttp.Download file = http.download(client, media.url());
    if (file.bytes().length > MAX_IMAGE_BYTES) {
      throw new PermanentPlatformException(
          Platform.BLUESKY,
          0,
          "Bluesky images are at most 1,000,000 bytes; "
              + media.url()
              + " has "
              + file.bytes().length,
          null);
    }
    String type =
        media.contentType() != null
            ? media.contentType()
            : file.contentType() != null ? file.contentType() : "image/jpeg";
    JsonNode blob =
        sessions
            .with(
                account,
                session ->
                    http.call(
                        client
                            .post()
                            .uri(pdsUrl + "/xrpc/com.atproto.repo.uploadBlob")
                            .headers(h -> h.setBearerAuth(session.accessJwt()))
                            .contentType(MediaType.parseMediaType(type))
                            .body(file.bytes())))
            .body()
            .path("blob");
    return blob.toString();
  }

  private Map<String, Object> record(
      AccountCredentials account, PublishRequest request, List<String> blobs) {
    String text = request.text() == null ? "" : request.text();
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("$type", COLLECTION);
    record.put("text", text);
    record.put("createdAt", clock.instant().toString());
    List<Map<String, Object>> facets =
        BlueskyFacets.of(text, handle -> sessions.with(account, s -> resolve(s, handle)));
    if (!facets.isEmpty()) {
      record.put("facets", facets);
    }
    Object language = request.options().get("language");
    if (language != null) {
      record.put("langs", List.of(String.valueOf(language)));
    }
    if (!blobs.isEmpty()) {
      List<Map<String, Object>> images = new ArrayList<>();
      for (String blob : blobs) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("alt", "");
        image.put("image", JSON.readTree(blob));
        images.add(image);
      }
      record.put("embed", Map.of("$type", "app.bsky.embed.images", "images", images));
    }
    return record;
  }

  /** A handle's DID, or null when the handle does not resolve (the mention stays plain text). */
  private String resolve(BlueskySessions.Session session, String handle) {
    try {
      return JsonText.of(
          get(session, "/xrpc/com.atproto.identity.resolveHandle?handle={h}", handle), "did");
    } catch (PermanentPlatformException unknownHandle) {
      return null;
    }
  }

  /** The post under {@code rkey} in the session's repo, or null when there is none. */
  private JsonNode record(BlueskySessions.Session session, String rkey) {
    return record(session, COLLECTION, rkey);
  }

  /** The record under {@code rkey} of the session's repo's collection, or null when none. */
  private JsonNode record(BlueskySessions.Session session, String collection, String rkey) {
    try {
      return get(
          session,
          "/xrpc/com.atproto.repo.getRecord?repo={repo}&collection={c}&rkey={rkey}",
          session.did(),
          collection,
          rkey);
    } catch (PermanentPlatformException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Could not locate record")) {
        return null;
      }
      throw e;
    }
  }

  /** One post as {@code app.bsky.feed.getPosts} shows it to the session (with {@code viewer}). */
  private JsonNode post(BlueskySessions.Session session, String uri) {
    rkeyOf(uri);
    JsonNode posts = get(session, "/xrpc/app.bsky.feed.getPosts?uris={uri}", uri).path("posts");
    if (posts.isEmpty()) {
      throw new PermanentPlatformException(
          Platform.BLUESKY, 0, "Bluesky has no post " + uri + " (deleted?)", null);
    }
    return posts.get(0);
  }

  /** A write in the session's own repo ({@code com.atproto.repo.<method>}). */
  private JsonNode write(
      BlueskySessions.Session session, String method, Map<String, Object> input) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("repo", session.did());
    body.putAll(input);
    return http.call(
            client
                .post()
                .uri(pdsUrl + "/xrpc/com.atproto.repo." + method)
                .headers(h -> h.setBearerAuth(session.accessJwt()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body))
        .body();
  }

  private static Map<String, Object> strongRef(JsonNode post) {
    return Map.of("uri", JsonText.of(post, "uri"), "cid", JsonText.of(post, "cid"));
  }

  private static PlatformMention mention(JsonNode notification, Instant indexed) {
    JsonNode author = notification.path("author");
    String uri = JsonText.of(notification, "uri");
    String handle = JsonText.of(author, "handle");
    Instant created = parseTime(JsonText.of(notification.path("record"), "createdAt"));
    return new PlatformMention(
        uri,
        uri,
        JsonText.of(author, "did"),
        handle,
        JsonText.of(notification.path("record"), "text"),
        handle == null || uri == null
            ? null
            : "https://bsky.app/profile/"
                + handle
                + "/post/"
                + uri.substring(uri.lastIndexOf('/') + 1),
        created != null ? created : indexed);
  }

  private void collectReplies(
      JsonNode thread, String postUri, String ownDid, List<PlatformComment> comments) {
    for (JsonNode reply : thread.path("replies")) {
      JsonNode post = reply.path("post");
      if (JsonText.of(post, "uri") == null) {
        continue; // a #notFoundPost or #blockedPost has no post to answer
      }
      JsonNode author = post.path("author");
      JsonNode record = post.path("record");
      String parent = JsonText.of(record.path("reply").path("parent"), "uri");
      if (!ownDid.equals(JsonText.of(author, "did"))) {
        comments.add(
            new PlatformComment(
                JsonText.of(post, "uri"),
                postUri,
                postUri.equals(parent) ? null : parent,
                JsonText.of(author, "did"),
                JsonText.of(author, "handle"),
                JsonText.of(record, "text"),
                parseTime(JsonText.of(record, "createdAt"))));
      }
      collectReplies(reply, postUri, ownDid, comments);
    }
  }

  private JsonNode get(BlueskySessions.Session session, String path, Object... variables) {
    return http.call(
            client
                .get()
                .uri(pdsUrl + path, variables)
                .headers(h -> h.setBearerAuth(session.accessJwt())))
        .body();
  }

  /** The PDS counts write points; a post costs three, so that is what is left in posts. */
  private static void reportBudget(PlatformResponse response, StepContext context) {
    String remaining = response.headers().getFirst("ratelimit-remaining");
    String reset = response.headers().getFirst("ratelimit-reset");
    if (remaining != null && reset != null) {
      try {
        context.rateLimit(
            Integer.parseInt(remaining.trim()) / CREATE_POINTS,
            Instant.ofEpochSecond(Long.parseLong(reset.trim())));
      } catch (NumberFormatException unreadable) {
        // no pacing hint then
      }
    }
  }

  private String permalink(AccountCredentials account, String uri) {
    String handle = sessions.with(account, BlueskySessions.Session::handle);
    return "https://bsky.app/profile/" + handle + "/post/" + rkeyOf(uri);
  }

  private static String rkeyOf(String uri) {
    if (uri == null || !uri.startsWith("at://")) {
      throw new PermanentPlatformException(
          Platform.BLUESKY, 0, "not a Bluesky post URI: " + uri, null);
    }
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  private static Instant parseTime(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}

package dev.omnipost.sandbox.bluesky;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sessions, blobs, post records and replies of the simulated Bluesky accounts (DIDs), and their
 * other records: likes ({@code app.bsky.feed.like}) and threadgates ({@code
 * app.bsky.feed.threadgate}, whose {@code hiddenReplies} hide replies under the root post).
 */
@Component
class BlueskyStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "bluesky";
  }

  @Override
  public String pathSegment() {
    return "bluesky";
  }

  static final String PLATFORM = "bluesky";
  static final String POST = "app.bsky.feed.post";
  static final String LIKE = "app.bsky.feed.like";
  static final String THREADGATE = "app.bsky.feed.threadgate";
  private static final Duration REFRESH_LIFETIME = Duration.ofDays(90);
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final String SORTABLE = "234567abcdefghijklmnopqrstuvwxyz";

  private final BlueskySettings settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong lastMicros = new AtomicLong();
  private final Map<String, Session> accessTokens = new LinkedHashMap<>();
  private final Map<String, Session> refreshTokens = new LinkedHashMap<>();
  private final Map<String, Blob> blobs = new LinkedHashMap<>();
  private final Map<String, Post> posts = new LinkedHashMap<>();

  /** Likes and threadgates by their at:// uri. */
  private final Map<String, Rec> records = new LinkedHashMap<>();

  private volatile Duration accessTokenLifetime;

  BlueskyStore(BlueskySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.accessTokenLifetime = settings.accessTokenLifetime();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** How long sessions created from now on keep their access token, until the next reset. */
  void accessTokenLifetime(Duration lifetime) {
    this.accessTokenLifetime = lifetime;
  }

  synchronized Session createSession(SandboxAccount account) {
    Session session =
        new Session(
            account,
            "eyJ" + randomText(40),
            "eyJ" + randomText(48),
            clock.instant().plus(accessTokenLifetime),
            clock.instant().plus(REFRESH_LIFETIME));
    accessTokens.put(session.accessJwt(), session);
    refreshTokens.put(session.refreshJwt(), session);
    return session;
  }

  /** The session of an access token, expired or not; empty for a token this PDS never issued. */
  synchronized Optional<Session> byAccessToken(String token) {
    return Optional.ofNullable(token == null ? null : accessTokens.get(token));
  }

  /** Rotates a refresh token: the old one stops working, a new session pair is issued. */
  synchronized Optional<Session> refresh(String refreshJwt) {
    Session old = refreshJwt == null ? null : refreshTokens.remove(refreshJwt);
    if (old == null || !clock.instant().isBefore(old.refreshExpiresAt())) {
      return Optional.empty();
    }
    accessTokens.remove(old.accessJwt());
    return Optional.of(createSession(old.account()));
  }

  boolean isExpired(Session session) {
    return !clock.instant().isBefore(session.accessExpiresAt());
  }

  /** Every access token of the account expires now (the control API's way to test refresh). */
  synchronized int expireSessions(String did) {
    int expired = 0;
    for (Map.Entry<String, Session> entry : accessTokens.entrySet()) {
      Session session = entry.getValue();
      if (session.account().accountId().equals(did)) {
        entry.setValue(
            new Session(
                session.account(),
                session.accessJwt(),
                session.refreshJwt(),
                clock.instant().minusSeconds(1),
                session.refreshExpiresAt()));
        refreshTokens.put(session.refreshJwt(), entry.getValue());
        expired++;
      }
    }
    return expired;
  }

  synchronized Blob uploadBlob(SandboxAccount account, String mimeType, byte[] bytes) {
    Blob blob =
        new Blob(
            "bafkrei" + randomText(52),
            account.accountId(),
            mimeType,
            bytes.length,
            clock.instant());
    blobs.put(blob.cid(), blob);
    return blob;
  }

  synchronized Optional<Blob> blob(String did, String cid) {
    return Optional.ofNullable(blobs.get(cid)).filter(b -> b.did().equals(did));
  }

  synchronized Post createPost(SandboxAccount account, String rkey, JsonNode record) {
    String key = rkey == null || rkey.isBlank() ? nextTid() : rkey;
    String uri = uri(account.accountId(), key);
    if (posts.containsKey(uri)) {
      throw BlueskyErrors.invalidRequest("Record already exists: " + uri);
    }
    Post post = new Post(uri, key, "bafyrei" + randomText(52), account, record, clock.instant());
    posts.put(uri, post);
    return post;
  }

  synchronized Optional<Post> post(String uri) {
    return Optional.ofNullable(posts.get(uri));
  }

  synchronized boolean delete(String did, String rkey) {
    return posts.remove(uri(did, rkey)) != null;
  }

  /**
   * Creates ({@code replace} false: 400 when the key is taken) or writes (putRecord) a like or
   * threadgate record under {@code rkey} (a new TID when blank).
   */
  synchronized Rec putRecord(
      SandboxAccount account, String collection, String rkey, JsonNode value, boolean replace) {
    String key = rkey == null || rkey.isBlank() ? nextTid() : rkey;
    String uri = "at://" + account.accountId() + "/" + collection + "/" + key;
    if (!replace && records.containsKey(uri)) {
      throw BlueskyErrors.invalidRequest("Record already exists: " + uri);
    }
    Rec rec =
        new Rec(
            uri,
            key,
            "bafyrei" + randomText(52),
            account.accountId(),
            collection,
            value,
            clock.instant());
    records.put(uri, rec);
    return rec;
  }

  synchronized Optional<Rec> record(String uri) {
    return Optional.ofNullable(records.get(uri));
  }

  synchronized boolean deleteRecord(String did, String collection, String rkey) {
    return records.remove("at://" + did + "/" + collection + "/" + rkey) != null;
  }

  /** The like {@code did} gave {@code subjectUri}, if any. */
  synchronized Optional<Rec> likeBy(String did, String subjectUri) {
    return records.values().stream()
        .filter(r -> r.collection().equals(LIKE) && r.did().equals(did))
        .filter(r -> subjectUri.equals(r.value().path("subject").path("uri").asString(null)))
        .findFirst();
  }

  /** The DIDs of the likes of {@code subjectUri}, oldest first (one per like record). */
  synchronized List<String> likedBy(String subjectUri) {
    return records.values().stream()
        .filter(r -> r.collection().equals(LIKE))
        .filter(r -> subjectUri.equals(r.value().path("subject").path("uri").asString(null)))
        .map(Rec::did)
        .toList();
  }

  /** The threadgate of a root post: its author's record under the post's rkey. */
  synchronized Optional<Rec> threadgate(Post root) {
    return Optional.ofNullable(
        records.get("at://" + root.account().accountId() + "/" + THREADGATE + "/" + root.rkey()));
  }

  /** The replies the root post's threadgate hides. */
  synchronized List<String> hiddenReplies(Post root) {
    List<String> hidden = new ArrayList<>();
    threadgate(root)
        .ifPresent(g -> g.value().path("hiddenReplies").forEach(u -> hidden.add(u.asString())));
    return hidden;
  }

  /**
   * What {@code listNotifications} tells {@code did}, newest first: replies to its posts ({@code
   * reply}), posts that mention it in a facet ({@code mention}), quotes of its posts ({@code
   * quote}) and likes of its posts ({@code like}).
   */
  synchronized List<Notification> notifications(String did) {
    List<Notification> found = new ArrayList<>();
    String prefix = "at://" + did + "/";
    for (Post post : posts.values()) {
      if (post.account().accountId().equals(did)) {
        continue;
      }
      JsonNode record = post.record();
      String parent = record.path("reply").path("parent").path("uri").asString("");
      String quoted = record.path("embed").path("record").path("uri").asString("");
      String reason = null;
      String subject = null;
      if (parent.startsWith(prefix)) {
        reason = "reply";
        subject = parent;
      } else if (mentions(record, did)) {
        reason = "mention";
      } else if (quoted.startsWith(prefix)) {
        reason = "quote";
        subject = quoted;
      }
      if (reason != null) {
        found.add(
            new Notification(
                post.uri(), post.cid(), post.account(), reason, subject, record, post.indexedAt()));
      }
    }
    for (Rec like : records.values()) {
      String subject = like.value().path("subject").path("uri").asString("");
      if (like.collection().equals(LIKE) && subject.startsWith(prefix) && !like.did().equals(did)) {
        SandboxAccount liker =
            new SandboxAccount(PLATFORM, like.did(), like.did().replace("did:plc:", ""), "-");
        found.add(
            new Notification(
                like.uri(), like.cid(), liker, "like", subject, like.value(), like.createdAt()));
      }
    }
    found.sort(
        Comparator.comparing(Notification::indexedAt).thenComparing(Notification::uri).reversed());
    return found;
  }

  private static boolean mentions(JsonNode record, String did) {
    for (JsonNode facet : record.path("facets")) {
      for (JsonNode feature : facet.path("features")) {
        if (feature.path("$type").asString("").equals("app.bsky.richtext.facet#mention")
            && did.equals(feature.path("did").asString(null))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A post by someone else (a mention), as the control API adds it. */
  synchronized Post addPost(SandboxAccount author, JsonNode record) {
    return createPost(author, null, record);
  }

  /** The account's post records, newest first. */
  synchronized List<Post> recentPosts(String did, int limit) {
    return posts.values().stream()
        .filter(p -> p.account().accountId().equals(did))
        .sorted(Comparator.comparing(Post::indexedAt).reversed())
        .limit(limit)
        .toList();
  }

  /** Direct replies to {@code uri}, oldest first. */
  synchronized List<Post> replies(String uri) {
    return posts.values().stream()
        .filter(p -> uri.equals(p.record().path("reply").path("parent").path("uri").asString(null)))
        .sorted(Comparator.comparing(Post::indexedAt))
        .toList();
  }

  /** A reply from someone else, as the control API adds it. */
  synchronized Optional<Post> addReply(SandboxAccount author, String parentUri, JsonNode record) {
    if (!posts.containsKey(parentUri)) {
      return Optional.empty();
    }
    return Optional.of(createPost(author, null, record));
  }

  /** Likes and reposts grow with the post's age, as a live post's would. */
  Map<String, Long> counts(Post post) {
    long age = Math.max(0, Duration.between(post.indexedAt(), clock.instant()).toSeconds());
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("likeCount", age / 5);
    counts.put("repostCount", age / 20);
    counts.put("replyCount", (long) replies(post.uri()).size());
    counts.put("quoteCount", age / 60);
    return counts;
  }

  static String uri(String did, String rkey) {
    return "at://" + did + "/" + POST + "/" + rkey;
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Post post : posts.values()) {
      if (accountId == null || post.account().accountId().equals(accountId)) {
        List<String> media = new ArrayList<>();
        post.record()
            .path("embed")
            .path("images")
            .forEach(
                i -> media.add("blob:" + i.path("image").path("ref").path("$link").asString()));
        list.add(
            new SandboxPost(
                PLATFORM,
                post.account().accountId(),
                post.uri(),
                post.record().path("text").asString(""),
                media,
                null,
                post.indexedAt(),
                "https://bsky.app/profile/" + post.account().username() + "/post/" + post.rkey()));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return blobs.values().stream()
        .filter(b -> accountId == null || b.did().equals(accountId))
        .map(b -> new SandboxUpload(PLATFORM, b.did(), b.cid(), "blob", b.createdAt()))
        .toList();
  }

  @Override
  public synchronized void reset() {
    accessTokens.clear();
    refreshTokens.clear();
    blobs.clear();
    posts.clear();
    records.clear();
    accessTokenLifetime = settings.accessTokenLifetime();
  }

  /** A record key as the PDS makes them: a TID, 13 base32-sortable characters of microseconds. */
  private String nextTid() {
    long micros =
        lastMicros.updateAndGet(last -> Math.max(last + 1, clock.instant().toEpochMilli() * 1000));
    long value = (micros << 10) | random.nextInt(1024);
    char[] tid = new char[13];
    for (int i = 12; i >= 0; i--) {
      tid[i] = SORTABLE.charAt((int) (value & 31));
      value >>>= 5;
    }
    return new String(tid);
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    return text.toString();
  }

  record Session(
      SandboxAccount account,
      String accessJwt,
      String refreshJwt,
      Instant accessExpiresAt,
      Instant refreshExpiresAt)
      implements java.io.Serializable {}

  record Blob(String cid, String did, String mimeType, long size, Instant createdAt)
      implements java.io.Serializable {}

  /** A like or threadgate record. */
  record Rec(
      String uri,
      String rkey,
      String cid,
      String did,
      String collection,
      JsonNode value,
      Instant createdAt)
      implements java.io.Serializable {}

  record Notification(
      String uri,
      String cid,
      SandboxAccount author,
      String reason,
      String reasonSubject,
      JsonNode record,
      Instant indexedAt) {}

  record Post(
      String uri,
      String rkey,
      String cid,
      SandboxAccount account,
      JsonNode record,
      Instant indexedAt)
      implements java.io.Serializable {}
}

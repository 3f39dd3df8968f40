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

/** Sessions, blobs, post records and replies of the simulated Bluesky accounts (DIDs). */
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

  record Post(
      String uri,
      String rkey,
      String cid,
      SandboxAccount account,
      JsonNode record,
      Instant indexedAt)
      implements java.io.Serializable {}
}

package dev.omnipost.sandbox.tiktok;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
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

/**
 * The publishes (one per {@code init}) and the resulting posts of the simulated TikTok creators. A
 * publish moves from {@code PROCESSING_UPLOAD} (file upload) or {@code PROCESSING_DOWNLOAD} (pull
 * from URL) to {@code PUBLISH_COMPLETE} or {@code FAILED} as its status is fetched.
 */
@Component
class TikTokStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "tiktok";
  }

  @Override
  public String pathSegment() {
    return "tiktok";
  }

  static final String PLATFORM = "tiktok";

  private final TikTokSettings settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(7_300_000_000_000_000_000L);
  private final Map<String, Publish> publishes = new LinkedHashMap<>();
  private final Map<String, Post> posts = new LinkedHashMap<>();
  private final Map<String, List<String>> privacyOptions = new LinkedHashMap<>();

  TikTokStore(TikTokSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** The privacy levels the creator may choose from (control API), else the settings' list. */
  synchronized List<String> privacyLevelOptions(String accountId) {
    return privacyOptions.getOrDefault(accountId, settings.privacyLevelOptions());
  }

  synchronized void setPrivacyLevelOptions(String accountId, List<String> options) {
    privacyOptions.put(accountId, List.copyOf(options));
  }

  /** Opens a publish, after checking the creator's daily post cap. */
  synchronized Publish open(SandboxAccount account, PublishContent content) {
    Instant dayAgo = clock.instant().minus(Duration.ofHours(24));
    long today =
        publishes.values().stream()
            .filter(p -> p.accountId.equals(account.accountId()) && p.createdAt.isAfter(dayAgo))
            .count();
    if (today >= settings.postsPerDay()) {
      throw TikTokErrors.tooManyPosts();
    }
    String id = "v_pub_file~v2-1." + ids.incrementAndGet();
    Publish publish =
        new Publish(id, account.accountId(), account.username(), content, clock.instant());
    publishes.put(id, publish);
    return publish;
  }

  synchronized Optional<Publish> publish(String publishId) {
    return Optional.ofNullable(publishes.get(publishId));
  }

  /**
   * A chunk of a file upload arrived; answers whether the file is now complete. Chunks may repeat
   * (a resumed upload sends them again): bytes are stored by offset.
   */
  synchronized boolean receive(Publish publish, long first, byte[] bytes) {
    if (publish.file == null) {
      publish.file = new byte[(int) publish.content.videoSize()];
    }
    System.arraycopy(bytes, 0, publish.file, (int) first, bytes.length);
    publish.receivedBytes.put(first, (long) bytes.length);
    long total = publish.receivedBytes.values().stream().mapToLong(Long::longValue).sum();
    if (total >= publish.content.videoSize() && publish.status.equals("PROCESSING_UPLOAD")) {
      publish.fileComplete = true;
      publish.failReason = isVideo(publish.file) ? null : "file_format_check_failed";
      return true;
    }
    return false;
  }

  /** A pull finished: {@code ok} false fails the publish with the pull's reason. */
  synchronized void pulled(Publish publish, boolean ok) {
    publish.fileComplete = true;
    if (!ok) {
      publish.failReason =
          publish.content.mediaType().equals("PHOTO") ? "photo_pull_failed" : "video_pull_failed";
    }
  }

  /** The status as the fetch endpoint reports it; each fetch moves processing along. */
  synchronized Publish poll(Publish publish) {
    if (publish.status.startsWith("PROCESSING") && publish.fileComplete) {
      if (++publish.polls >= settings.statusPollsBeforeComplete()) {
        if (publish.failReason != null) {
          publish.status = "FAILED";
        } else {
          publish.status = "PUBLISH_COMPLETE";
          Post post =
              new Post(
                  String.valueOf(ids.incrementAndGet()),
                  publish.accountId,
                  publish.username,
                  publish.content,
                  clock.instant());
          posts.put(post.id(), post);
          publish.postId = post.id();
        }
      }
    }
    return publish;
  }

  /** The creator's posts, newest first. */
  synchronized List<Post> posts(SandboxAccount account, int limit) {
    return posts.values().stream()
        .filter(p -> p.accountId().equals(account.accountId()))
        .sorted(Comparator.comparing(Post::createdAt).reversed())
        .limit(limit)
        .toList();
  }

  synchronized Optional<Post> post(SandboxAccount account, String id) {
    return Optional.ofNullable(posts.get(id))
        .filter(p -> p.accountId().equals(account.accountId()));
  }

  /** Counters grow with the post's age. */
  synchronized Map<String, Long> counters(Post post) {
    long age = Math.max(0, Duration.between(post.createdAt(), clock.instant()).toSeconds());
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("view_count", 10 * age);
    counters.put("like_count", age / 2);
    counters.put("comment_count", age / 20);
    counters.put("share_count", age / 30);
    return counters;
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Post post : posts.values()) {
      if (accountId == null || post.accountId().equals(accountId)) {
        list.add(
            new SandboxPost(
                PLATFORM,
                post.accountId(),
                post.id(),
                post.content().title(),
                post.content().mediaUrls(),
                null,
                post.createdAt(),
                permalink(post)));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return publishes.values().stream()
        .filter(p -> accountId == null || p.accountId.equals(accountId))
        .map(p -> new SandboxUpload(PLATFORM, p.accountId, p.id, "publish", p.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    publishes.clear();
    posts.clear();
    privacyOptions.clear();
  }

  static String permalink(Post post) {
    return "https://www.tiktok.com/@" + post.username() + "/video/" + post.id();
  }

  static boolean isVideo(byte[] bytes) {
    return bytes != null && bytes.length >= 8 && new String(bytes, 4, 4).equals("ftyp");
  }

  /**
   * What a publish carries: {@code VIDEO} by {@code FILE_UPLOAD} ({@code videoSize}, {@code
   * chunkSize}, {@code totalChunkCount}) or {@code PULL_FROM_URL}, or {@code PHOTO} by URLs.
   */
  record PublishContent(
      String mediaType,
      String source,
      String title,
      String description,
      String privacyLevel,
      List<String> mediaUrls,
      long videoSize,
      long chunkSize,
      int totalChunkCount)
      implements java.io.Serializable {}

  record Post(
      String id, String accountId, String username, PublishContent content, Instant createdAt)
      implements java.io.Serializable {}

  /** One {@code init}: its status, the bytes received so far and the post it became. */
  static final class Publish implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String username;
    final PublishContent content;
    final Instant createdAt;
    final Map<Long, Long> receivedBytes = new LinkedHashMap<>();
    String status;
    byte[] file;
    boolean fileComplete;
    String failReason;
    String postId;
    int polls;

    Publish(
        String id, String accountId, String username, PublishContent content, Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.username = username;
      this.content = content;
      this.createdAt = createdAt;
      this.status =
          content.source().equals("FILE_UPLOAD") ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD";
    }

    long uploadedBytes() {
      return receivedBytes.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}

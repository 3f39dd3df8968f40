package dev.omnipost.sandbox.x;

import com.twitter.twittertext.TwitterTextParser;
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

/** The tweets, media uploads and replies of the simulated X. */
@Component
class XStore implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "x";
  }

  @Override
  public String pathSegment() {
    return "x";
  }

  static final String PLATFORM = "twitter";
  private static final int MAX_PHOTOS = 4;

  private final XSettings settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1_860_000_000_000_000_000L);
  private final Map<String, Tweet> tweets = new LinkedHashMap<>();
  private final Map<String, Tweet> replies = new LinkedHashMap<>();
  private final Map<String, Media> media = new LinkedHashMap<>();

  /** Tweet ids hidden by their conversation's author ({@code PUT /2/tweets/{id}/hidden}). */
  private final java.util.Set<String> hidden = new java.util.LinkedHashSet<>();

  /** Likes as {@code userId:tweetId}. */
  private final java.util.Set<String> likes = new java.util.LinkedHashSet<>();

  XStore(XSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /**
   * Creates a tweet as {@code POST /2/tweets} does.
   *
   * @throws XProblems 400 for text or media X refuses, 403 for a duplicate of a recent tweet
   */
  synchronized Tweet createTweet(
      SandboxAccount account, String text, List<String> mediaIds, String replyTo) {
    String body = text == null ? "" : text;
    if (body.isBlank() && mediaIds.isEmpty()) {
      throw XProblems.invalidRequest("text", "Tweet text must not be empty.");
    }
    if (TwitterTextParser.parseTweet(body).weightedLength > settings.textLimit()) {
      throw XProblems.invalidRequest("text", "Your Tweet text is too long.");
    }
    checkMedia(account, mediaIds);
    Instant now = clock.instant();
    Instant since = now.minus(settings.duplicateWindow());
    boolean duplicate =
        !body.isBlank()
            && tweets.values().stream()
                .anyMatch(
                    t ->
                        t.accountId.equals(account.accountId())
                            && t.text.equals(body)
                            && t.createdAt.isAfter(since));
    if (duplicate) {
      throw XProblems.duplicate();
    }
    String inReplyToUser = null;
    String conversation = null;
    if (replyTo != null) {
      Tweet parent = tweets.getOrDefault(replyTo, replies.get(replyTo));
      if (parent == null) {
        throw XProblems.invalidRequest(
            "reply.in_reply_to_tweet_id", "The tweet you are replying to does not exist.");
      }
      inReplyToUser = parent.accountId;
      conversation = parent.conversationId;
    }
    String id = nextId();
    Tweet tweet =
        new Tweet(
            id,
            account.accountId(),
            account.username(),
            body,
            List.copyOf(mediaIds),
            replyTo,
            conversation == null ? id : conversation,
            inReplyToUser,
            now);
    tweets.put(id, tweet);
    return tweet;
  }

  synchronized Optional<Tweet> tweet(String id) {
    return Optional.ofNullable(tweets.getOrDefault(id, replies.get(id)));
  }

  /** Deletes the account's own tweet; false when there is none with that id. */
  synchronized boolean delete(SandboxAccount account, String id) {
    Tweet tweet = tweets.get(id);
    if (tweet == null || !tweet.accountId.equals(account.accountId())) {
      return false;
    }
    tweets.remove(id);
    hidden.remove(id);
    likes.removeIf(like -> like.endsWith(":" + id));
    return true;
  }

  /**
   * Hides or shows a reply as {@code PUT /2/tweets/{id}/hidden} does: only a reply, only in a
   * conversation the account started, and never the account's own tweet.
   *
   * @throws XProblems 404 for an unknown tweet, 403 for one the account may not hide
   */
  synchronized void hide(SandboxAccount account, String id, boolean hide) {
    Tweet tweet = tweet(id).orElseThrow(() -> XProblems.notFound("tweet", id));
    Tweet root = tweet(tweet.conversationId).orElse(null);
    if (tweet.replyTo == null
        || root == null
        || !root.accountId.equals(account.accountId())
        || tweet.accountId.equals(account.accountId())) {
      throw XProblems.notAuthorized(
          "You can only hide or unhide replies to conversations you authored.");
    }
    if (hide) {
      hidden.add(id);
    } else {
      hidden.remove(id);
    }
  }

  synchronized boolean hidden(String id) {
    return hidden.contains(id);
  }

  /**
   * Likes or unlikes a tweet as the account; liking twice, or unliking an unliked one, succeeds.
   */
  synchronized void like(SandboxAccount account, String id, boolean like) {
    if (like && tweet(id).isEmpty()) {
      throw XProblems.notFound("tweet", id);
    }
    if (like) {
      likes.add(account.accountId() + ":" + id);
    } else {
      likes.remove(account.accountId() + ":" + id);
    }
  }

  /** The users who like the tweet, in the order they did. */
  synchronized List<String> likedBy(String id) {
    return likes.stream()
        .filter(like -> like.endsWith(":" + id))
        .map(like -> like.substring(0, like.length() - id.length() - 1))
        .toList();
  }

  /**
   * Every tweet of the conversation but its first (others' replies and the account's), oldest
   * first.
   */
  synchronized List<Tweet> conversation(String conversationId) {
    List<Tweet> thread = new ArrayList<>();
    tweets.values().stream()
        .filter(t -> conversationId.equals(t.conversationId) && t.replyTo != null)
        .forEach(thread::add);
    replies.values().stream()
        .filter(t -> conversationId.equals(t.conversationId))
        .forEach(thread::add);
    thread.sort(Comparator.comparing((Tweet t) -> t.createdAt).thenComparing(t -> t.id));
    return thread;
  }

  /** The user's tweets, newest first, created no earlier than {@code since} (null: any). */
  synchronized List<Tweet> timeline(String userId, Instant since, int limit) {
    return tweets.values().stream()
        .filter(t -> t.accountId.equals(userId))
        .filter(t -> since == null || !t.createdAt.isBefore(since))
        .sorted(Comparator.comparing((Tweet t) -> t.createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** Replies from others to the user's tweets, newest first, as mentions of the user. */
  synchronized List<Tweet> mentions(String userId, int limit) {
    return replies.values().stream()
        .filter(t -> userId.equals(t.inReplyToUserId))
        .sorted(Comparator.comparing((Tweet t) -> t.createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** A reply to {@code tweetId} by someone else (a control API call: replies come from others). */
  synchronized Optional<Tweet> addReply(String tweetId, String username, String text) {
    Tweet parent = tweets.getOrDefault(tweetId, replies.get(tweetId));
    if (parent == null) {
      return Optional.empty();
    }
    Tweet reply =
        new Tweet(
            nextId(),
            String.valueOf(ids.incrementAndGet()),
            username,
            "@" + parent.username + " " + text,
            List.of(),
            tweetId,
            parent.conversationId,
            parent.accountId,
            clock.instant());
    replies.put(reply.id, reply);
    return Optional.of(reply);
  }

  /** The tweet's public counters: they grow with its age and with every look at them. */
  synchronized Map<String, Object> publicMetrics(Tweet tweet) {
    long age = Math.max(0, Duration.between(tweet.createdAt, clock.instant()).toSeconds());
    tweet.looks++;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("retweet_count", age / 30);
    metrics.put(
        "reply_count", replies.values().stream().filter(r -> tweet.id.equals(r.replyTo)).count());
    metrics.put("like_count", age / 10);
    metrics.put("quote_count", 0);
    metrics.put("bookmark_count", age / 60);
    metrics.put("impression_count", 5 * age + tweet.looks);
    return metrics;
  }

  /** A simple (one request) upload: images are ready at once, GIFs are processed. */
  synchronized Media upload(SandboxAccount account, String mediaType, String category, long size) {
    Media upload = new Media(nextId(), account.accountId(), mediaType, category, size, now());
    upload.received = size;
    upload.state = upload.needsProcessing() ? "pending" : "succeeded";
    media.put(upload.id, upload);
    return upload;
  }

  synchronized Media initialize(
      SandboxAccount account, String mediaType, String category, long totalBytes) {
    if (mediaType == null || mediaType.isBlank()) {
      throw XProblems.invalidRequest("media_type", "media_type is required.");
    }
    if (totalBytes <= 0) {
      throw XProblems.invalidRequest("total_bytes", "total_bytes must be a positive number.");
    }
    Media upload = new Media(nextId(), account.accountId(), mediaType, category, totalBytes, now());
    upload.state = "uploading";
    media.put(upload.id, upload);
    return upload;
  }

  /** APPEND: segments may come again (a retried chunk replaces the earlier one). */
  synchronized Media append(SandboxAccount account, String id, int segment, byte[] bytes) {
    Media upload = own(account, id);
    if (!upload.state.equals("uploading")) {
      throw XProblems.invalidRequest("id", "The media upload has already been finalized.");
    }
    if (segment < 0 || segment > 999) {
      throw XProblems.invalidRequest("segment_index", "segment_index must be between 0 and 999.");
    }
    Integer before = upload.segments.put(segment, bytes.length);
    upload.received += bytes.length - (before == null ? 0 : before);
    if (segment == 0) {
      upload.firstBytes = bytes.length >= 12 ? java.util.Arrays.copyOf(bytes, 12) : bytes;
    }
    return upload;
  }

  synchronized Media finalizeUpload(SandboxAccount account, String id) {
    Media upload = own(account, id);
    if (upload.state.equals("uploading")) {
      if (upload.received != upload.totalBytes) {
        throw XProblems.invalidRequest(
            "id",
            "File size mismatch: "
                + upload.received
                + " bytes received, "
                + upload.totalBytes
                + " declared.");
      }
      upload.state = upload.needsProcessing() ? "pending" : "succeeded";
    }
    return upload;
  }

  /** STATUS: each poll moves processing along; a video without an MP4/MOV header fails. */
  synchronized Media status(SandboxAccount account, String id) {
    Media upload = own(account, id);
    if (upload.state.equals("pending") || upload.state.equals("in_progress")) {
      upload.polls++;
      if (upload.polls > settings.statusPollsBeforeSucceeded()) {
        upload.state = upload.looksLikeVideoFile() || !upload.isVideo() ? "succeeded" : "failed";
      } else {
        upload.state = "in_progress";
      }
    }
    return upload;
  }

  synchronized Optional<Media> media(String id) {
    return Optional.ofNullable(media.get(id));
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> posts = new ArrayList<>();
    for (Tweet t : tweets.values()) {
      if (accountId == null || t.accountId.equals(accountId)) {
        posts.add(
            new SandboxPost(
                PLATFORM,
                t.accountId,
                t.id,
                t.text,
                t.mediaIds.stream().map(XStore::mediaUrl).toList(),
                null,
                t.createdAt,
                "https://x.com/" + t.username + "/status/" + t.id));
      }
    }
    return posts;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return media.values().stream()
        .filter(m -> accountId == null || m.accountId.equals(accountId))
        .map(m -> new SandboxUpload(PLATFORM, m.accountId, m.id, "media", m.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    tweets.clear();
    replies.clear();
    media.clear();
    hidden.clear();
    likes.clear();
  }

  private void checkMedia(SandboxAccount account, List<String> mediaIds) {
    if (mediaIds.size() > MAX_PHOTOS) {
      throw XProblems.invalidRequest(
          "media.media_ids", "A Tweet can have at most 4 photos, or 1 GIF, or 1 video.");
    }
    int videosOrGifs = 0;
    for (String id : mediaIds) {
      Media upload = media.get(id);
      if (upload == null || !upload.accountId.equals(account.accountId())) {
        throw XProblems.invalidRequest("media.media_ids", "Your media IDs are invalid.");
      }
      if (!upload.state.equals("succeeded")) {
        throw XProblems.invalidRequest(
            "media.media_ids", "Media " + id + " is not ready: its processing has not succeeded.");
      }
      videosOrGifs += upload.needsProcessing() ? 1 : 0;
    }
    if (videosOrGifs > 0 && mediaIds.size() > 1) {
      throw XProblems.invalidRequest(
          "media.media_ids", "A Tweet can have at most 4 photos, or 1 GIF, or 1 video.");
    }
  }

  private Media own(SandboxAccount account, String id) {
    Media upload = media.get(id);
    if (upload == null || !upload.accountId.equals(account.accountId())) {
      throw XProblems.notFound("media", id);
    }
    return upload;
  }

  private Instant now() {
    return clock.instant();
  }

  private String nextId() {
    return String.valueOf(ids.incrementAndGet());
  }

  static String mediaUrl(String mediaId) {
    return "https://pbs.twimg.com/media/" + mediaId;
  }

  /** A tweet; {@code looks} is guarded by the store. */
  static final class Tweet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String username;
    final String text;
    final List<String> mediaIds;
    final String replyTo;
    final String conversationId;
    final String inReplyToUserId;
    final Instant createdAt;
    long looks;

    Tweet(
        String id,
        String accountId,
        String username,
        String text,
        List<String> mediaIds,
        String replyTo,
        String conversationId,
        String inReplyToUserId,
        Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.username = username;
      this.text = text;
      this.mediaIds = mediaIds;
      this.replyTo = replyTo;
      this.conversationId = conversationId;
      this.inReplyToUserId = inReplyToUserId;
      this.createdAt = createdAt;
    }
  }

  /** A media upload: uploading (chunked), pending / in_progress, then succeeded or failed. */
  static final class Media implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String mediaType;
    final String category;
    final long totalBytes;
    final Instant createdAt;
    final Map<Integer, Integer> segments = new LinkedHashMap<>();
    long received;
    byte[] firstBytes = new byte[0];
    String state;
    int polls;

    Media(
        String id,
        String accountId,
        String mediaType,
        String category,
        long totalBytes,
        Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.mediaType = mediaType == null ? "application/octet-stream" : mediaType;
      this.category = category;
      this.totalBytes = totalBytes;
      this.createdAt = createdAt;
    }

    String mediaKey() {
      return (isVideo() ? "7_" : needsProcessing() ? "16_" : "3_") + id;
    }

    boolean isVideo() {
      return mediaType.startsWith("video/")
          || (category != null && category.toLowerCase().contains("video"));
    }

    /** Videos and GIFs are processed asynchronously, as X does with a media_category. */
    boolean needsProcessing() {
      return isVideo()
          || mediaType.equals("image/gif")
          || (category != null && category.equalsIgnoreCase("tweet_gif"));
    }

    /** An MP4 / MOV file starts with a box whose type at offset 4 is {@code ftyp}. */
    boolean looksLikeVideoFile() {
      return firstBytes.length >= 8
          && firstBytes[4] == 'f'
          && firstBytes[5] == 't'
          && firstBytes[6] == 'y'
          && firstBytes[7] == 'p';
    }
  }
}

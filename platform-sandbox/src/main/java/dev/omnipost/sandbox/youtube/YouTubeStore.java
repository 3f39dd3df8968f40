package dev.omnipost.sandbox.youtube;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The channels' resumable upload sessions, videos (processing, then processed or failed), comment
 * threads and daily quota of the simulated YouTube.
 */
@Component
class YouTubeStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "youtube";
  }

  @Override
  public String pathSegment() {
    return "youtube";
  }

  static final String PLATFORM = "youtube";

  /** YouTube's quota day starts at midnight Pacific time. */
  static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

  private static final String ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final YouTubeSettings settings;
  private final Clock clock;
  private final AtomicLong sessionIds = new AtomicLong(1000);
  private final AtomicLong commentIds = new AtomicLong(1);
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final Map<String, Video> videos = new LinkedHashMap<>();
  private final Map<String, Comment> comments = new LinkedHashMap<>();
  private final Map<String, Quota> quotas = new LinkedHashMap<>();

  YouTubeStore(YouTubeSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** Charges {@code units} to the channel's day; false when the day's quota is spent. */
  synchronized boolean charge(String accountId, int units) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), QUOTA_ZONE);
    Quota quota = quotas.get(accountId);
    if (quota == null || !quota.day().equals(today)) {
      quota = new Quota(today, 0);
    }
    if (quota.used() + units > settings.dailyQuota()) {
      quotas.put(accountId, quota);
      return false;
    }
    quotas.put(accountId, new Quota(today, quota.used() + units));
    return true;
  }

  synchronized Session openSession(SandboxAccount account, VideoContent content, Long length) {
    Session session =
        new Session(
            "UPL" + sessionIds.incrementAndGet(),
            account.accountId(),
            account.username(),
            content,
            length,
            clock.instant());
    sessions.put(session.id, session);
    return session;
  }

  synchronized Optional<Session> session(String id) {
    return Optional.ofNullable(sessions.get(id));
  }

  /** Appends a chunk; when the last byte arrives the video exists (processing). */
  synchronized void append(Session session, byte[] bytes, long total) {
    session.total = total;
    session.bytes.writeBytes(bytes);
    if (session.bytes.size() >= total && session.videoId == null) {
      byte[] file = session.bytes.toByteArray();
      Video video =
          new Video(
              newVideoId(),
              session.accountId,
              session.username,
              session.content,
              clock.instant(),
              isVideo(file));
      videos.put(video.id, video);
      session.videoId = video.id;
    }
  }

  synchronized Optional<Video> video(String id) {
    return Optional.ofNullable(videos.get(id));
  }

  /** Looking at a video's processing details moves its processing along. */
  synchronized void pollProcessing(Video video) {
    if (video.processingStatus.equals("processing")
        && ++video.polls >= settings.processingPollsBeforeSucceeded()) {
      video.processingStatus = video.playable ? "succeeded" : "failed";
      video.uploadStatus = video.playable ? "processed" : "failed";
    }
  }

  synchronized boolean delete(SandboxAccount account, String id) {
    Video video = videos.get(id);
    if (video == null || !video.accountId.equals(account.accountId())) {
      return false;
    }
    videos.remove(id);
    return true;
  }

  /** The channel's videos, newest first. */
  synchronized List<Video> channelVideos(String accountId, int limit) {
    return videos.values().stream()
        .filter(v -> v.accountId.equals(accountId))
        .sorted(Comparator.comparing((Video v) -> v.createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** Counters grow with the video's age. */
  synchronized Map<String, String> statistics(Video video) {
    long age = Math.max(0, Duration.between(video.createdAt, clock.instant()).toSeconds());
    long commentCount =
        comments.values().stream().filter(c -> c.videoId().equals(video.id)).count();
    Map<String, String> statistics = new LinkedHashMap<>();
    statistics.put("viewCount", String.valueOf(5 * age));
    statistics.put("likeCount", String.valueOf(age / 4));
    statistics.put("favoriteCount", "0");
    statistics.put("commentCount", String.valueOf(commentCount));
    return statistics;
  }

  synchronized Optional<Comment> addComment(String videoId, String authorName, String text) {
    Video video = videos.get(videoId);
    if (video == null) {
      return Optional.empty();
    }
    Comment comment =
        new Comment(
            "Ugz" + commentIds.incrementAndGet(),
            videoId,
            video.accountId,
            authorName,
            "UCviewer" + Math.abs(authorName.hashCode()),
            text,
            clock.instant(),
            null,
            PUBLISHED);
    comments.put(comment.id(), comment);
    return Optional.of(comment);
  }

  static final String PUBLISHED = "published";

  /**
   * Top-level comments with this moderation status on a video or on all of a channel's videos,
   * newest first.
   */
  synchronized List<Comment> comments(String videoId, String channelId, String moderationStatus) {
    return comments.values().stream()
        .filter(c -> c.parentId() == null)
        .filter(c -> c.moderationStatus().equals(moderationStatus))
        .filter(c -> videoId == null || c.videoId().equals(videoId))
        .filter(c -> channelId == null || c.channelId().equals(channelId))
        .sorted(Comparator.comparing(Comment::publishedAt).reversed())
        .toList();
  }

  /** Every comment on the video, replies and held ones included, oldest first. */
  synchronized List<Comment> allComments(String videoId) {
    return comments.values().stream().filter(c -> c.videoId().equals(videoId)).toList();
  }

  /** A comment on one of the channel's videos. */
  synchronized Optional<Comment> channelComment(String channelId, String commentId) {
    return Optional.ofNullable(comments.get(commentId))
        .filter(c -> c.channelId().equals(channelId));
  }

  /** The channel answers a top-level comment on its video ({@code comments.insert}). */
  synchronized Comment reply(SandboxAccount channel, Comment parent, String text) {
    Comment reply =
        new Comment(
            "Ugz" + commentIds.incrementAndGet() + "." + parent.id(),
            parent.videoId(),
            parent.channelId(),
            channel.username(),
            channel.accountId(),
            text,
            clock.instant(),
            parent.id(),
            PUBLISHED);
    comments.put(reply.id(), reply);
    return reply;
  }

  synchronized void moderate(Comment comment, String moderationStatus) {
    comments.put(comment.id(), comment.withModerationStatus(moderationStatus));
  }

  /** Deletes a comment (and its replies). */
  synchronized void deleteComment(Comment comment) {
    comments
        .values()
        .removeIf(c -> c.id().equals(comment.id()) || comment.id().equals(c.parentId()));
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Video video : videos.values()) {
      if (accountId == null || video.accountId.equals(accountId)) {
        list.add(
            new SandboxPost(
                PLATFORM,
                video.accountId,
                video.id,
                video.content.description(),
                List.of("video:" + video.id),
                null,
                video.createdAt,
                "https://www.youtube.com/watch?v=" + video.id));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return sessions.values().stream()
        .filter(s -> accountId == null || s.accountId.equals(accountId))
        .map(s -> new SandboxUpload(PLATFORM, s.accountId, s.id, "upload_session", s.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    sessions.clear();
    videos.clear();
    comments.clear();
    quotas.clear();
  }

  private String newVideoId() {
    StringBuilder id = new StringBuilder();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 11; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return videos.containsKey(id.toString()) ? newVideoId() : id.toString();
  }

  private static boolean isVideo(byte[] bytes) {
    return bytes.length >= 8 && new String(bytes, 4, 4).equals("ftyp");
  }

  private record Quota(LocalDate day, int used) implements java.io.Serializable {}

  /** What the upload's metadata says. */
  record VideoContent(
      String title,
      String description,
      List<String> tags,
      String categoryId,
      String privacyStatus,
      Boolean madeForKids)
      implements java.io.Serializable {}

  /** A resumable upload session: the bytes received so far, in order. */
  static final class Session implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String username;
    final VideoContent content;
    final Long declaredLength;
    final Instant createdAt;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    long total = -1;
    String videoId;

    Session(
        String id,
        String accountId,
        String username,
        VideoContent content,
        Long declaredLength,
        Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.username = username;
      this.content = content;
      this.declaredLength = declaredLength;
      this.createdAt = createdAt;
    }

    long received() {
      return bytes.size();
    }
  }

  static final class Video implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String channelTitle;
    final VideoContent content;
    final Instant createdAt;
    final boolean playable;
    String uploadStatus = "uploaded";
    String processingStatus = "processing";
    int polls;

    Video(
        String id,
        String accountId,
        String channelTitle,
        VideoContent content,
        Instant createdAt,
        boolean playable) {
      this.id = id;
      this.accountId = accountId;
      this.channelTitle = channelTitle;
      this.content = content;
      this.createdAt = createdAt;
      this.playable = playable;
    }
  }

  /**
   * A comment on a channel's video: top level ({@code parentId} null) or a reply; {@code
   * moderationStatus} {@code published}, {@code heldForReview} or {@code rejected}.
   */
  record Comment(
      String id,
      String videoId,
      String channelId,
      String authorName,
      String authorChannelId,
      String text,
      Instant publishedAt,
      String parentId,
      String moderationStatus)
      implements java.io.Serializable {

    Comment {
      // a comment stored before moderation existed is published
      moderationStatus = moderationStatus == null ? PUBLISHED : moderationStatus;
    }

    Comment withModerationStatus(String status) {
      return new Comment(
          id, videoId, channelId, authorName, authorChannelId, text, publishedAt, parentId, status);
    }
  }
}

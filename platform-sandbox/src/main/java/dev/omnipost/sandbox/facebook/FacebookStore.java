package dev.omnipost.sandbox.facebook;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import dev.omnipost.sandbox.meta.MetaError;
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

/** Posts, photos, videos and comments of the simulated Facebook Pages. */
@Component
class FacebookStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "facebook";
  }

  @Override
  public String pathSegment() {
    return "facebook";
  }

  static final String PLATFORM = "facebook";

  private final FacebookSettings settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(122_100_000_000_000_000L);
  private final Map<String, Post> posts = new LinkedHashMap<>();
  private final Map<String, Photo> photos = new LinkedHashMap<>();
  private final Map<String, Video> videos = new LinkedHashMap<>();
  private final Map<String, Comment> comments = new LinkedHashMap<>();
  private final Map<String, PrivateReply> privateReplies = new LinkedHashMap<>();

  FacebookStore(FacebookSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** A feed post; {@code photoIds} are the Page's unpublished photos it attaches. */
  synchronized Post createPost(
      SandboxAccount page, String message, String link, List<String> photoIds) {
    if ((message == null || message.isBlank()) && link == null && photoIds.isEmpty()) {
      throw MetaError.invalidParameter("(#100) Missing message or attachment");
    }
    List<String> urls = new ArrayList<>();
    for (String photoId : photoIds) {
      Photo photo = photos.get(photoId);
      if (photo == null || !photo.pageId().equals(page.accountId())) {
        throw MetaError.invalidParameter(
            "(#100) attached_media: " + photoId + " is not a photo of this Page");
      }
      urls.add(photo.url());
    }
    if (message != null && !message.isBlank()) {
      Instant since = clock.instant().minus(settings.duplicateWindow());
      boolean duplicate =
          posts.values().stream()
              .anyMatch(
                  p ->
                      p.pageId().equals(page.accountId())
                          && message.equals(p.message())
                          && p.createdAt().isAfter(since));
      if (duplicate) {
        throw new MetaError(
            400, "(#506) Duplicate status message", "OAuthException", 506, null, null, false);
      }
    }
    return addPost(page, message, link, urls, null);
  }

  synchronized Photo createPhoto(
      SandboxAccount page, String url, String caption, boolean published) {
    String postId = null;
    if (published) {
      postId = addPost(page, caption, null, List.of(url), null).id();
    }
    Photo photo = new Photo(next(), page.accountId(), url, postId, clock.instant());
    photos.put(photo.id(), photo);
    return photo;
  }

  synchronized Video createVideo(
      SandboxAccount page, String url, String description, boolean isVideo) {
    Video video = new Video(next(), page, url, description, clock.instant());
    video.pollsLeft = settings.videoPollsBeforeReady();
    video.status = isVideo ? (video.pollsLeft == 0 ? "ready" : "processing") : "error";
    if (video.status.equals("ready")) {
      video.postId = addPost(page, description, null, List.of("video:" + video.id), video.id).id();
    }
    videos.put(video.id, video);
    return video;
  }

  /** The video as a status read sees it: each read moves processing along. */
  synchronized Optional<Video> pollVideo(SandboxAccount page, String id) {
    Video video = videos.get(id);
    if (video == null || !video.page.accountId().equals(page.accountId())) {
      return Optional.empty();
    }
    if (video.status.equals("processing") && --video.pollsLeft <= 0) {
      video.status = "ready";
      video.postId =
          addPost(page, video.description, null, List.of("video:" + video.id), video.id).id();
    }
    return Optional.of(video);
  }

  synchronized Optional<Post> post(String id) {
    return Optional.ofNullable(posts.get(id));
  }

  synchronized Optional<Photo> photo(String id) {
    return Optional.ofNullable(photos.get(id));
  }

  /** The Page's published posts, newest first. */
  synchronized List<Post> feed(String pageId, int limit, Instant since) {
    return posts.values().stream()
        .filter(p -> p.pageId().equals(pageId))
        .filter(p -> since == null || !p.createdAt().isBefore(since))
        .sorted(Comparator.comparing(Post::createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** The Page's videos, newest first. */
  synchronized List<Video> videos(String pageId, int limit) {
    return videos.values().stream()
        .filter(v -> v.page.accountId().equals(pageId))
        .sorted(Comparator.comparing((Video v) -> v.createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** Deletes a post, a photo or a video of the Page; false when there is none. */
  synchronized boolean delete(String pageId, String id) {
    Post post = posts.get(id);
    if (post != null && post.pageId().equals(pageId)) {
      posts.remove(id);
      if (post.videoId() != null) {
        videos.remove(post.videoId());
      }
      return true;
    }
    Video video = videos.get(id);
    if (video != null && video.page.accountId().equals(pageId)) {
      videos.remove(id);
      if (video.postId != null) {
        posts.remove(video.postId);
      }
      return true;
    }
    Photo photo = photos.get(id);
    if (photo != null && photo.pageId().equals(pageId)) {
      photos.remove(id);
      if (photo.postId() != null) {
        posts.remove(photo.postId());
      }
      return true;
    }
    return false;
  }

  synchronized Optional<Comment> addComment(String objectId, String name, String message) {
    String postId = videos.containsKey(objectId) ? videos.get(objectId).postId : objectId;
    if (postId == null || !posts.containsKey(postId)) {
      return Optional.empty();
    }
    Comment comment =
        new Comment(
            postId + "_" + next(),
            postId,
            "1000" + Math.abs(name.hashCode()),
            name,
            message,
            clock.instant(),
            null,
            false,
            false);
    comments.put(comment.id(), comment);
    return Optional.of(comment);
  }

  /** Every comment on the post, replies included, oldest first ({@code filter=stream}). */
  synchronized List<Comment> comments(String postId) {
    return comments.values().stream().filter(c -> c.postId().equals(postId)).toList();
  }

  /** A comment on one of the Page's posts; empty for any other id. */
  synchronized Optional<Comment> pageComment(String pageId, String commentId) {
    return Optional.ofNullable(comments.get(commentId))
        .filter(c -> posts.containsKey(c.postId()))
        .filter(c -> posts.get(c.postId()).pageId().equals(pageId));
  }

  /** The Page answers on its post: a top-level comment ({@code parentId} null) or a reply. */
  synchronized Comment commentAsPage(SandboxAccount page, Post post, String parentId, String text) {
    if (text == null || text.isBlank()) {
      throw MetaError.invalidParameter("(#100) The parameter message is required");
    }
    Comment comment =
        new Comment(
            post.id() + "_" + next(),
            post.id(),
            page.accountId(),
            page.username(),
            text,
            clock.instant(),
            parentId,
            false,
            false);
    comments.put(comment.id(), comment);
    return comment;
  }

  /** Hides or shows a comment; a Page cannot hide its own comments (Graph's {@code can_hide}). */
  synchronized void hide(String pageId, Comment comment, boolean hidden) {
    if (comment.fromId().equals(pageId)) {
      throw MetaError.invalidParameter("(#100) A Page cannot hide its own comments");
    }
    comments.put(comment.id(), comment.withHidden(hidden));
  }

  synchronized void like(Comment comment, boolean liked) {
    comments.put(comment.id(), comment.withLiked(liked));
  }

  /** Deletes a comment and its replies. */
  synchronized void deleteComment(Comment comment) {
    comments
        .values()
        .removeIf(c -> c.id().equals(comment.id()) || comment.id().equals(c.parentId()));
  }

  /**
   * A private reply to a comment's author, once per comment and within 7 days of it (Graph's error
   * 10900 otherwise).
   */
  synchronized PrivateReply privateReply(Comment comment, String text) {
    if (text == null || text.isBlank()) {
      throw MetaError.invalidParameter("(#100) message.text is required");
    }
    if (privateReplies.containsKey(comment.id())) {
      throw MetaError.invalidParameter(
          "(#10900) Activity already replied to: a comment takes one private reply");
    }
    if (comment.createdAt().isBefore(clock.instant().minus(Duration.ofDays(7)))) {
      throw MetaError.invalidParameter(
          "(#10900) The comment is older than 7 days and cannot be replied to privately");
    }
    PrivateReply reply = new PrivateReply("m_" + next(), comment.fromId(), text, clock.instant());
    privateReplies.put(comment.id(), reply);
    return reply;
  }

  synchronized Optional<PrivateReply> privateReplyTo(String commentId) {
    return Optional.ofNullable(privateReplies.get(commentId));
  }

  /** Reactions and shares grow with the post's age, as a live post's would. */
  Map<String, Long> counts(Post post) {
    long age = Math.max(0, Duration.between(post.createdAt(), clock.instant()).toSeconds());
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("reactions", age / 4);
    counts.put("comments", (long) comments(post.id()).size());
    counts.put("shares", age / 30);
    return counts;
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    return posts.values().stream()
        .filter(p -> accountId == null || p.pageId().equals(accountId))
        .map(
            p ->
                new SandboxPost(
                    PLATFORM,
                    p.pageId(),
                    p.id(),
                    p.message(),
                    p.mediaUrls(),
                    null,
                    p.createdAt(),
                    permalink(p)))
        .toList();
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    List<SandboxUpload> uploads = new ArrayList<>();
    photos.values().stream()
        .filter(p -> accountId == null || p.pageId().equals(accountId))
        .forEach(
            p ->
                uploads.add(
                    new SandboxUpload(PLATFORM, p.pageId(), p.id(), "photo", p.createdAt())));
    videos.values().stream()
        .filter(v -> accountId == null || v.page.accountId().equals(accountId))
        .forEach(
            v ->
                uploads.add(
                    new SandboxUpload(PLATFORM, v.page.accountId(), v.id, "video", v.createdAt)));
    uploads.sort(Comparator.comparing(SandboxUpload::createdAt));
    return uploads;
  }

  @Override
  public synchronized void reset() {
    posts.clear();
    photos.clear();
    videos.clear();
    comments.clear();
    privateReplies.clear();
  }

  static String permalink(Post post) {
    String[] ids = post.id().split("_", 2);
    return "https://www.facebook.com/" + ids[0] + "/posts/" + ids[1];
  }

  private Post addPost(
      SandboxAccount page, String message, String link, List<String> urls, String videoId) {
    Post post =
        new Post(
            page.accountId() + "_" + next(),
            page.accountId(),
            page.username(),
            message,
            link,
            List.copyOf(urls),
            videoId,
            clock.instant());
    posts.put(post.id(), post);
    return post;
  }

  private String next() {
    return String.valueOf(ids.incrementAndGet());
  }

  record Post(
      String id,
      String pageId,
      String pageName,
      String message,
      String link,
      List<String> mediaUrls,
      String videoId,
      Instant createdAt)
      implements java.io.Serializable {}

  record Photo(String id, String pageId, String url, String postId, Instant createdAt)
      implements java.io.Serializable {}

  /**
   * A comment on a Page post; {@code parentId} is the comment it answers (null: top level), {@code
   * liked} whether the Page likes it.
   */
  record Comment(
      String id,
      String postId,
      String fromId,
      String fromName,
      String message,
      Instant createdAt,
      String parentId,
      boolean hidden,
      boolean liked)
      implements java.io.Serializable {

    Comment withHidden(boolean value) {
      return new Comment(id, postId, fromId, fromName, message, createdAt, parentId, value, liked);
    }

    Comment withLiked(boolean value) {
      return new Comment(id, postId, fromId, fromName, message, createdAt, parentId, hidden, value);
    }
  }

  record PrivateReply(String messageId, String recipientId, String text, Instant sentAt)
      implements java.io.Serializable {}

  /** A Page video: processing after the upload, then ready (with its feed post) or error. */
  static final class Video implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final SandboxAccount page;
    final String url;
    final String description;
    final Instant createdAt;
    String status;
    String postId;
    int pollsLeft;

    Video(String id, SandboxAccount page, String url, String description, Instant createdAt) {
      this.id = id;
      this.page = page;
      this.url = url;
      this.description = description;
      this.createdAt = createdAt;
    }
  }
}

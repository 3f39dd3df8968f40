package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.SandboxProperties;
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

/** Containers, published media and comments of the simulated Instagram accounts. */
@Component
class InstagramStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "instagram";
  }

  @Override
  public String pathSegment() {
    return "instagram";
  }

  static final String PLATFORM = "instagram";
  private static final Duration CONTAINER_LIFETIME = Duration.ofHours(24);
  private static final Duration PUBLISH_LIMIT_WINDOW = Duration.ofHours(24);
  private static final String SHORTCODE_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

  private final SandboxProperties.Instagram settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong ids = new AtomicLong(17_900_000_000_000_000L);
  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final Map<String, Media> media = new LinkedHashMap<>();
  private final Map<String, Comment> comments = new LinkedHashMap<>();
  private final java.util.Set<String> hidden = new java.util.HashSet<>();
  private final java.util.Set<String> deleted = new java.util.HashSet<>();
  private final Map<String, PrivateReply> privateReplies = new LinkedHashMap<>();
  private final List<Tag> tags = new ArrayList<>();

  private volatile Duration containerProcessingTime;

  InstagramStore(SandboxProperties properties, Clock clock) {
    this.settings = properties.instagram();
    this.clock = clock;
    this.containerProcessingTime = settings.containerProcessingTime();
  }

  /** The least time a new container stays IN_PROGRESS, until the next reset. */
  void containerProcessingTime(Duration time) {
    if (time == null || time.isNegative()) {
      throw new IllegalArgumentException("container_processing_ms must not be negative");
    }
    this.containerProcessingTime = time;
  }

  Duration containerProcessingTime() {
    return containerProcessingTime;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return containers.values().stream()
        .filter(c -> accountId == null || c.accountId.equals(accountId))
        .map(c -> new SandboxUpload(PLATFORM, c.accountId, c.id, "container", c.createdAt))
        .toList();
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  synchronized Container createContainer(
      SandboxAccount account,
      String mediaType,
      String mediaUrl,
      String caption,
      boolean carouselItem,
      List<String> children,
      String error) {
    for (String child : children) {
      Container item = containers.get(child);
      if (item == null || !item.accountId.equals(account.accountId()) || !item.carouselItem) {
        throw GraphError.invalidParameter(
            "(#100) The children parameter contains an invalid container: " + child);
      }
    }
    Container container =
        new Container(
            nextId(),
            account.accountId(),
            mediaType,
            mediaUrl,
            caption,
            carouselItem,
            List.copyOf(children),
            clock.instant());
    if (error != null) {
      container.state = "ERROR";
      container.error = error;
    }
    containers.put(container.id, container);
    return container;
  }

  /** The container's status as a poll sees it: each poll moves processing along. */
  synchronized Optional<Container> pollContainer(SandboxAccount account, String id) {
    Optional<Container> container = ownContainer(account, id);
    container.ifPresent(
        c -> {
          advance(c);
          if (c.state.equals("IN_PROGRESS")) {
            c.polls++;
          }
        });
    return container;
  }

  synchronized Media publish(SandboxAccount account, String origin, String creationId) {
    Container container =
        ownContainer(account, creationId)
            .filter(c -> !c.carouselItem)
            .orElseThrow(
                () -> GraphError.invalidParameter("(#100) Invalid creation_id: " + creationId));
    advance(container);
    switch (container.state) {
      case "FINISHED" -> {}
      case "PUBLISHED" ->
          throw GraphError.invalidParameter("(#100) The media has already been published");
      case "EXPIRED" -> throw GraphError.invalidParameter("(#100) The container has expired");
      default -> throw GraphError.notReady();
    }
    if (publishedInLastDay(account.accountId()) >= settings.publishLimit()) {
      throw GraphError.publishLimitReached();
    }
    List<String> mediaUrls =
        container.children.isEmpty()
            ? List.of(container.mediaUrl)
            : container.children.stream().map(child -> containers.get(child).mediaUrl).toList();
    String shortcode = shortcode();
    Media published =
        new Media(
            nextId(),
            account.accountId(),
            account.username(),
            container.mediaType.equals("CAROUSEL")
                ? "CAROUSEL_ALBUM"
                : container.mediaType.equals("IMAGE") ? "IMAGE" : "VIDEO",
            container.caption,
            mediaUrls,
            shortcode,
            origin + "/instagram/p/" + shortcode + "/",
            clock.instant());
    media.put(published.id, published);
    container.state = "PUBLISHED";
    return published;
  }

  synchronized Optional<Media> media(SandboxAccount account, String id) {
    return Optional.ofNullable(media.get(id)).filter(m -> m.accountId.equals(account.accountId()));
  }

  /** The account's media, newest first. */
  synchronized List<Media> recentMedia(SandboxAccount account, int limit) {
    return media.values().stream()
        .filter(m -> m.accountId.equals(account.accountId()))
        .sorted(Comparator.comparing((Media m) -> m.timestamp).reversed())
        .limit(limit)
        .toList();
  }

  synchronized Optional<Comment> comment(SandboxAccount account, String id) {
    return Optional.ofNullable(comments.get(id)).filter(c -> media(account, c.mediaId).isPresent());
  }

  /** The media's top-level comments, newest first. */
  synchronized List<Comment> comments(Media onMedia) {
    return comments.values().stream()
        .filter(c -> c.mediaId.equals(onMedia.id) && c.parentId == null)
        .sorted(Comparator.comparing((Comment c) -> c.timestamp).reversed())
        .toList();
  }

  synchronized Optional<Comment> addComment(
      String accountId, String mediaId, String username, String text) {
    Media onMedia = media.get(mediaId);
    if (onMedia == null || !onMedia.accountId.equals(accountId)) {
      return Optional.empty();
    }
    Comment comment =
        new Comment(
            nextId(),
            mediaId,
            null,
            String.valueOf(ids.incrementAndGet()),
            username,
            text,
            clock.instant());
    comments.put(comment.id, comment);
    return Optional.of(comment);
  }

  /** The comment's replies, oldest first, as {@code GET /{comment-id}/replies} lists them. */
  synchronized List<Comment> replies(Comment parent) {
    return comments.values().stream()
        .filter(c -> parent.id.equals(c.parentId))
        .sorted(Comparator.comparing((Comment c) -> c.timestamp))
        .toList();
  }

  /** The account answers a comment on its media; the reply is itself a comment. */
  synchronized Comment reply(SandboxAccount account, Comment parent, String text) {
    Comment reply =
        new Comment(
            nextId(),
            parent.mediaId,
            parent.id,
            account.accountId(),
            account.username(),
            text,
            clock.instant());
    comments.put(reply.id, reply);
    return reply;
  }

  synchronized void hide(Comment comment, boolean hide) {
    if (hide) {
      hidden.add(comment.id);
    } else {
      hidden.remove(comment.id);
    }
  }

  synchronized boolean isHidden(Comment comment) {
    return hidden.contains(comment.id);
  }

  synchronized void delete(Comment comment) {
    comments.remove(comment.id);
    deleted.add(comment.id);
  }

  synchronized boolean isDeleted(String commentId) {
    return deleted.contains(commentId);
  }

  /** A direct message to the comment's author; Meta allows one per comment, within 7 days. */
  synchronized PrivateReply privateReply(Comment comment, String text) {
    if (privateReplies.containsKey(comment.id)) {
      throw GraphError.invalidParameter("(#10900) Activity already replied to");
    }
    if (clock.instant().isAfter(comment.timestamp.plus(Duration.ofDays(7)))) {
      throw GraphError.invalidParameter(
          "(#10900) The comment is older than 7 days and cannot be replied to privately");
    }
    PrivateReply reply = new PrivateReply("m_" + nextId(), comment.fromId, text, clock.instant());
    privateReplies.put(comment.id, reply);
    return reply;
  }

  synchronized Optional<PrivateReply> privateReplyTo(String commentId) {
    return Optional.ofNullable(privateReplies.get(commentId));
  }

  /** Someone else's media tags the account (a control API call). */
  synchronized Tag tag(String accountId, String username, String caption) {
    String shortcode = shortcode();
    Tag tag =
        new Tag(
            nextId(),
            accountId,
            username,
            caption,
            "https://www.instagram.com/p/" + shortcode + "/",
            clock.instant());
    tags.add(tag);
    return tag;
  }

  /** Media the account is tagged in, newest first. */
  synchronized List<Tag> tags(String accountId, int limit) {
    return tags.stream()
        .filter(t -> t.accountId().equals(accountId))
        .sorted(Comparator.comparing(Tag::timestamp).reversed())
        .limit(limit)
        .toList();
  }

  /** Any comment by id, whoever's media it is on (for the control API). */
  synchronized Optional<Comment> anyComment(String id) {
    return Optional.ofNullable(comments.get(id));
  }

  synchronized int publishedInLastDay(String accountId) {
    Instant since = clock.instant().minus(PUBLISH_LIMIT_WINDOW);
    return (int)
        media.values().stream()
            .filter(m -> m.accountId.equals(accountId) && m.timestamp.isAfter(since))
            .count();
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> posts = new ArrayList<>();
    for (Media m : media.values()) {
      if (accountId == null || m.accountId.equals(accountId)) {
        posts.add(
            new SandboxPost(
                PLATFORM,
                m.accountId,
                m.id,
                m.caption,
                m.mediaUrls,
                null,
                m.timestamp,
                m.permalink));
      }
    }
    return posts;
  }

  @Override
  public synchronized void reset() {
    containerProcessingTime = settings.containerProcessingTime();
    containers.clear();
    media.clear();
    comments.clear();
    hidden.clear();
    deleted.clear();
    privateReplies.clear();
    tags.clear();
  }

  private Optional<Container> ownContainer(SandboxAccount account, String id) {
    return Optional.ofNullable(containers.get(id))
        .filter(c -> c.accountId.equals(account.accountId()));
  }

  private void advance(Container container) {
    Instant now = clock.instant();
    if (!container.state.equals("PUBLISHED")
        && now.isAfter(container.createdAt.plus(CONTAINER_LIFETIME))) {
      container.state = "EXPIRED";
    }
    if (container.state.equals("IN_PROGRESS")
        && container.polls >= settings.containerPollsBeforeFinished()
        && !now.isBefore(container.createdAt.plus(containerProcessingTime))) {
      container.state = "FINISHED";
    }
  }

  private String nextId() {
    return String.valueOf(ids.incrementAndGet());
  }

  private String shortcode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      code.append(SHORTCODE_ALPHABET.charAt(random.nextInt(SHORTCODE_ALPHABET.length())));
    }
    return code.toString();
  }

  /** A media container: created, processed, then published once. Guarded by the store. */
  static final class Container implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String mediaType;
    final String mediaUrl;
    final String caption;
    final boolean carouselItem;
    final List<String> children;
    final Instant createdAt;
    String state = "IN_PROGRESS";
    String error;
    int polls;

    Container(
        String id,
        String accountId,
        String mediaType,
        String mediaUrl,
        String caption,
        boolean carouselItem,
        List<String> children,
        Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.mediaType = mediaType;
      this.mediaUrl = mediaUrl;
      this.caption = caption;
      this.carouselItem = carouselItem;
      this.children = children;
      this.createdAt = createdAt;
    }

    /** The human-readable {@code status} field next to {@code status_code}. */
    String statusText() {
      return switch (state) {
        case "FINISHED" -> "Finished: Media has been uploaded and it is complete.";
        case "IN_PROGRESS" -> "In Progress: Media is still being processed.";
        case "PUBLISHED" -> "Published: Media has been published.";
        case "EXPIRED" -> "Expired: The container was not published within 24 hours.";
        default -> "Error: " + error;
      };
    }
  }

  record Media(
      String id,
      String accountId,
      String username,
      String mediaType,
      String caption,
      List<String> mediaUrls,
      String shortcode,
      String permalink,
      Instant timestamp)
      implements java.io.Serializable {}

  record Comment(
      String id,
      String mediaId,
      String parentId,
      String fromId,
      String username,
      String text,
      Instant timestamp)
      implements java.io.Serializable {}

  record Tag(
      String id,
      String accountId,
      String username,
      String caption,
      String permalink,
      Instant timestamp)
      implements java.io.Serializable {}

  record PrivateReply(String messageId, String recipientId, String text, Instant timestamp)
      implements java.io.Serializable {}
}

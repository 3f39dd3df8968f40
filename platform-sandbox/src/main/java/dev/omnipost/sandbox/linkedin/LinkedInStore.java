package dev.omnipost.sandbox.linkedin;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The posts, images, comments and organization roles of the simulated LinkedIn members. */
@Component
class LinkedInStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "linkedin";
  }

  @Override
  public String pathSegment() {
    return "linkedin";
  }

  static final String PLATFORM = "linkedin";
  private static final String RESERVED = "\\|{}@[]()<>#*_~";

  private final LinkedInSettings settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(7_300_000_000_000_000_000L);
  private final Map<String, Post> posts = new LinkedHashMap<>();
  private final Map<String, Image> images = new LinkedHashMap<>();
  private final Map<String, Comment> comments = new LinkedHashMap<>();
  private final Map<String, Set<String>> administeredOrganizations = new LinkedHashMap<>();

  /** Reactions as {@code actorUrn|entityUrn} → reaction type. */
  private final Map<String, String> reactions = new LinkedHashMap<>();

  LinkedInStore(LinkedInSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** Makes the member an administrator of the organization, who may post as it. */
  synchronized void grantOrganization(String accountId, String organizationId) {
    administeredOrganizations.computeIfAbsent(accountId, a -> new HashSet<>()).add(organizationId);
  }

  /** Whether the member may act as {@code urn} (themselves, or an organization they administer). */
  synchronized boolean mayActAs(SandboxAccount account, String urn) {
    if (urn == null) {
      return false;
    }
    if (urn.equals("urn:li:person:" + account.accountId())) {
      return true;
    }
    String organization = urn.startsWith("urn:li:organization:") ? urn.substring(20) : null;
    return organization != null
        && administeredOrganizations
            .getOrDefault(account.accountId(), Set.of())
            .contains(organization);
  }

  synchronized Image initializeUpload(SandboxAccount account, String owner) {
    Image image =
        new Image(
            "urn:li:image:D4E" + ids.incrementAndGet(),
            account.accountId(),
            owner,
            clock.instant());
    images.put(image.urn, image);
    return image;
  }

  /**
   * The Videos API's {@code initializeUpload}: a video is an upload like an image (one part here),
   * which {@code finalizeUpload} sends to processing.
   */
  synchronized Image initializeVideoUpload(SandboxAccount account, String owner) {
    Image video =
        new Image(
            "urn:li:video:C5F" + ids.incrementAndGet(),
            account.accountId(),
            owner,
            clock.instant());
    images.put(video.urn, video);
    return video;
  }

  /** {@code finalizeUpload}: false unless every byte arrived (the part's PUT). */
  synchronized boolean finalizeVideo(SandboxAccount account, String urn) {
    Image video = images.get(urn);
    return video != null
        && video.accountId.equals(account.accountId())
        && !video.status.equals("WAITING_UPLOAD");
  }

  /** The upload URL's PUT: the image's bytes arrive and processing starts. */
  synchronized Optional<Image> receive(String uploadKey, SandboxAccount account, int size) {
    Optional<Image> image =
        images.values().stream()
            .filter(i -> i.uploadKey().equals(uploadKey) && i.accountId.equals(account.accountId()))
            .findFirst();
    image.ifPresent(
        i -> {
          i.size = size;
          i.status = settings.imagePollsBeforeAvailable() == 0 ? "AVAILABLE" : "PROCESSING";
        });
    return image;
  }

  /** The image as a poll sees it; each poll after the upload moves processing along. */
  synchronized Optional<Image> pollImage(String urn) {
    Image image = images.get(urn);
    if (image != null && image.status.equals("PROCESSING")) {
      image.polls++;
      if (image.polls >= settings.imagePollsBeforeAvailable()) {
        image.status = "AVAILABLE";
      }
    }
    return Optional.ofNullable(image);
  }

  /**
   * Creates a post.
   *
   * @throws LinkedInErrors 422 for input LinkedIn refuses (also a duplicate of a live post)
   */
  synchronized Post create(
      SandboxAccount account,
      String author,
      String commentary,
      String visibility,
      List<String> imageUrns) {
    String text = commentary == null ? "" : commentary;
    if (text.codePointCount(0, text.length()) > settings.commentaryLimit()) {
      throw LinkedInErrors.invalidInput(
          "/commentary",
          "MAX_LENGTH_EXCEEDED",
          "/commentary :: length " + text.length() + " exceeds " + settings.commentaryLimit());
    }
    for (String urn : imageUrns) {
      Image image = images.get(urn);
      if (image == null || !image.accountId.equals(account.accountId())) {
        throw LinkedInErrors.invalidInput(
            "/content/media/id", "INVALID_URN", "Image " + urn + " does not exist");
      }
      if (!image.status.equals("AVAILABLE")) {
        throw LinkedInErrors.invalidInput(
            "/content/media/id",
            "INVALID_VALUE",
            "Image " + urn + " is not AVAILABLE (status " + image.status + ")");
      }
    }
    Optional<Post> duplicate =
        posts.values().stream()
            .filter(p -> p.author.equals(author) && p.commentary.equals(text) && !text.isBlank())
            .findFirst();
    if (duplicate.isPresent()) {
      throw LinkedInErrors.duplicate(duplicate.get().urn);
    }
    Post post =
        new Post(
            "urn:li:share:" + ids.incrementAndGet(),
            account.accountId(),
            author,
            text,
            visibility,
            List.copyOf(imageUrns),
            clock.instant());
    posts.put(post.urn, post);
    return post;
  }

  synchronized Optional<Post> post(String urn) {
    return Optional.ofNullable(posts.get(urn));
  }

  /** Deletes the post; deleting one that is gone already is fine, as on LinkedIn. */
  synchronized void delete(SandboxAccount account, String urn) {
    Post post = posts.get(urn);
    if (post != null && !mayActAs(account, post.author)) {
      throw LinkedInErrors.accessDenied("partnerApiPostsExternal.DELETE");
    }
    posts.remove(urn);
    comments.values().removeIf(c -> c.postUrn.equals(urn));
    reactions.keySet().removeIf(key -> key.contains(urn));
  }

  /** The author's posts, newest first. */
  synchronized List<Post> byAuthor(String author, int start, int count) {
    return posts.values().stream()
        .filter(p -> p.author.equals(author))
        .sorted(Comparator.comparing((Post p) -> p.createdAt).reversed())
        .skip(start)
        .limit(count)
        .toList();
  }

  /**
   * Another member comments on the post, or answers one of its comments ({@code parentUrn}); empty
   * when there is no such post, or no such comment on it.
   */
  synchronized Optional<Comment> addComment(
      String postUrn, String parentUrn, String actorName, String text) {
    if (!posts.containsKey(postUrn)
        || (parentUrn != null
            && !postUrn.equals(byUrn(parentUrn).map(Comment::postUrn).orElse(null)))) {
      return Optional.empty();
    }
    long id = ids.incrementAndGet();
    Comment comment =
        new Comment(
            String.valueOf(id),
            postUrn,
            "urn:li:person:sandbox" + ids.incrementAndGet(),
            actorName,
            text,
            clock.instant(),
            parentUrn);
    comments.put(comment.id, comment);
    return Optional.of(comment);
  }

  /**
   * The account comments as {@code actor} ({@code POST /rest/socialActions/{urn}/comments}).
   *
   * @throws LinkedInErrors 403 for an actor the member may not act as, 404 for an unknown post, 422
   *     for a parent comment that is not on the post
   */
  synchronized Comment comment(
      SandboxAccount account, String actor, String postUrn, String parentUrn, String text) {
    if (!mayActAs(account, actor)) {
      throw LinkedInErrors.accessDenied("partnerApiSocialActions.CREATE");
    }
    if (!posts.containsKey(postUrn)) {
      throw LinkedInErrors.notFound("Post " + postUrn + " not found");
    }
    if (parentUrn != null && !postUrn.equals(byUrn(parentUrn).map(Comment::postUrn).orElse(null))) {
      throw LinkedInErrors.invalidInput(
          "/parentComment", "INVALID_VALUE", "Comment " + parentUrn + " is not on " + postUrn);
    }
    Comment comment =
        new Comment(
            String.valueOf(ids.incrementAndGet()),
            postUrn,
            actor,
            account.username(),
            text,
            clock.instant(),
            parentUrn);
    comments.put(comment.id, comment);
    return comment;
  }

  /**
   * Deletes a comment on the post, and the replies under it, as its author.
   *
   * @throws LinkedInErrors 404 when the post has no such comment, 403 when {@code actor} is not its
   *     author or not the member
   */
  synchronized void deleteComment(
      SandboxAccount account, String actor, String postUrn, String commentId) {
    Comment comment = comments.get(commentId);
    if (comment == null || !comment.postUrn.equals(postUrn)) {
      throw LinkedInErrors.notFound("Comment " + commentId + " not found on " + postUrn);
    }
    if (!mayActAs(account, actor) || !actor.equals(comment.actorUrn)) {
      throw LinkedInErrors.accessDenied("partnerApiSocialActions.DELETE");
    }
    String urn = comment.urn();
    comments.values().removeIf(c -> c.id.equals(commentId) || urn.equals(c.parentUrn));
    reactions.keySet().removeIf(key -> key.endsWith("|" + urn));
  }

  /** The post's first-level comments, or with a comment URN the replies under it; oldest first. */
  synchronized List<Comment> comments(String urn) {
    return comments.values().stream()
        .filter(
            c ->
                urn.startsWith("urn:li:comment:")
                    ? urn.equals(c.parentUrn)
                    : c.postUrn.equals(urn) && c.parentUrn == null)
        .sorted(Comparator.comparing((Comment c) -> c.createdAt))
        .toList();
  }

  /** Every comment on the post, replies included, oldest first. */
  synchronized List<Comment> allComments(String postUrn) {
    return comments.values().stream()
        .filter(c -> c.postUrn.equals(postUrn))
        .sorted(Comparator.comparing((Comment c) -> c.createdAt))
        .toList();
  }

  synchronized Optional<Comment> byUrn(String urn) {
    return comments.values().stream().filter(c -> c.urn().equals(urn)).findFirst();
  }

  /**
   * {@code actor} reacts to a post or comment; a second reaction replaces the first.
   *
   * @throws LinkedInErrors 403 for an actor the member may not act as, 404 for an unknown entity
   */
  synchronized void react(SandboxAccount account, String actor, String entity, String type) {
    if (!mayActAs(account, actor)) {
      throw LinkedInErrors.accessDenied("partnerApiReactions.CREATE");
    }
    if (!posts.containsKey(entity) && byUrn(entity).isEmpty()) {
      throw LinkedInErrors.notFound("Entity " + entity + " not found");
    }
    reactions.put(actor + "|" + entity, type);
  }

  /**
   * Removes {@code actor}'s reaction.
   *
   * @throws LinkedInErrors 403 for an actor the member may not act as, 404 when there is none
   */
  synchronized void unreact(SandboxAccount account, String actor, String entity) {
    if (!mayActAs(account, actor)) {
      throw LinkedInErrors.accessDenied("partnerApiReactions.DELETE");
    }
    if (reactions.remove(actor + "|" + entity) == null) {
      throw LinkedInErrors.notFound("Reaction of " + actor + " on " + entity + " not found");
    }
  }

  /** Who reacted to the entity, with which type, in the order they did. */
  synchronized Map<String, String> reactions(String entity) {
    Map<String, String> found = new LinkedHashMap<>();
    reactions.forEach(
        (key, type) -> {
          if (key.endsWith("|" + entity)) {
            found.put(key.substring(0, key.length() - entity.length() - 1), type);
          }
        });
    return found;
  }

  /** Likes grow with the post's age, as engagement would. */
  synchronized long likes(Post post) {
    return Math.max(0, Duration.between(post.createdAt, clock.instant()).toSeconds()) / 20;
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Post p : posts.values()) {
      if (accountId == null || p.accountId.equals(accountId)) {
        list.add(
            new SandboxPost(
                PLATFORM,
                p.accountId,
                p.urn,
                displayed(p.commentary),
                p.imageUrns,
                null,
                p.createdAt,
                "https://www.linkedin.com/feed/update/" + p.urn));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return images.values().stream()
        .filter(i -> accountId == null || i.accountId.equals(accountId))
        .map(i -> new SandboxUpload(PLATFORM, i.accountId, i.urn, "image", i.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    posts.clear();
    images.clear();
    comments.clear();
    reactions.clear();
    administeredOrganizations.clear();
  }

  /**
   * What members see of a commentary in LinkedIn's little text format: {@code \x} shows {@code x};
   * an unescaped reserved character ends the text there, as LinkedIn silently truncates it.
   */
  static String displayed(String commentary) {
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < commentary.length(); i++) {
      char c = commentary.charAt(i);
      if (c == '\\' && i + 1 < commentary.length()) {
        shown.append(commentary.charAt(++i));
      } else if (RESERVED.indexOf(c) >= 0) {
        break;
      } else {
        shown.append(c);
      }
    }
    return shown.toString();
  }

  record Post(
      String urn,
      String accountId,
      String author,
      String commentary,
      String visibility,
      List<String> imageUrns,
      Instant createdAt)
      implements java.io.Serializable {}

  /** An image upload: WAITING_UPLOAD, PROCESSING after the PUT, then AVAILABLE. */
  static final class Image implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String urn;
    final String accountId;
    final String owner;
    final Instant createdAt;
    String status = "WAITING_UPLOAD";
    int polls;
    int size;

    Image(String urn, String accountId, String owner, Instant createdAt) {
      this.urn = urn;
      this.accountId = accountId;
      this.owner = owner;
      this.createdAt = createdAt;
    }

    String uploadKey() {
      return urn.substring(urn.lastIndexOf(':') + 1);
    }
  }

  /** A comment; {@code parentUrn} is the comment it answers (null: a first-level comment). */
  record Comment(
      String id,
      String postUrn,
      String actorUrn,
      String actorName,
      String text,
      Instant createdAt,
      String parentUrn)
      implements java.io.Serializable {

    String urn() {
      return "urn:li:comment:(" + postUrn + "," + id + ")";
    }
  }
}

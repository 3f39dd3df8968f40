package dev.omnipost.sandbox.threads;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import dev.omnipost.sandbox.meta.MetaError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Containers, published threads, replies (with the top-level ones the thread's owner hid) and
 * mentions of the simulated Threads users.
 */
@Component
class ThreadsStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "threads";
  }

  @Override
  public String pathSegment() {
    return "threads";
  }

  static final String PLATFORM = "threads";
  private static final Duration DAY = Duration.ofHours(24);
  private static final String SHORTCODE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

  private final ThreadsSettings settings;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong ids = new AtomicLong(18_050_000_000_000_000L);
  private final Map<String, Container> containers = new LinkedHashMap<>();
  private final Map<String, Media> media = new LinkedHashMap<>();
  private final List<Instant> deletes = new ArrayList<>();
  private final Set<String> hiddenReplies = new LinkedHashSet<>();
  private final Map<String, Mention> mentions = new LinkedHashMap<>();

  ThreadsStore(ThreadsSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  synchronized Container createContainer(
      SandboxAccount account,
      String mediaType,
      String url,
      String text,
      boolean carouselItem,
      List<String> children,
      String replyTo,
      String error) {
    for (String child : children) {
      Container item = containers.get(child);
      if (item == null || !item.accountId.equals(account.accountId()) || !item.carouselItem) {
        throw MetaError.invalidParameter(
            "(#100) The children parameter contains an invalid container: " + child);
      }
      if (!item.status.equals("FINISHED")) {
        throw new MetaError(
            400,
            "Media Not Found",
            "OAuthException",
            24,
            4279009,
            "The carousel item " + child + " is not ready yet",
            false);
      }
    }
    if (replyTo != null && !media.containsKey(replyTo)) {
      throw MetaError.invalidParameter(
          "(#100) Param reply_to_id must be the id of an existing Threads media: " + replyTo);
    }
    Container container =
        new Container(
            next(),
            account.accountId(),
            mediaType,
            url,
            text,
            carouselItem,
            List.copyOf(children),
            replyTo,
            clock.instant());
    container.pollsLeft =
        mediaType.equals("VIDEO")
            ? settings.videoPollsBeforeFinished()
            : mediaType.equals("IMAGE") ? settings.imagePollsBeforeFinished() : 0;
    container.status = container.pollsLeft == 0 ? "FINISHED" : "IN_PROGRESS";
    if (error != null) {
      container.status = "ERROR";
      container.error = error;
    }
    containers.put(container.id, container);
    return container;
  }

  /** The container as a status poll sees it: each poll moves processing along. */
  synchronized Optional<Container> pollContainer(SandboxAccount account, String id) {
    Optional<Container> found =
        Optional.ofNullable(containers.get(id))
            .filter(c -> c.accountId.equals(account.accountId()));
    found.ifPresent(
        c -> {
          if (c.status.equals("IN_PROGRESS") && --c.pollsLeft <= 0) {
            c.status = "FINISHED";
          }
          if (c.status.equals("FINISHED")
              && Duration.between(c.createdAt, clock.instant()).compareTo(DAY) > 0) {
            c.status = "EXPIRED";
          }
        });
    return found;
  }

  synchronized Media publish(SandboxAccount account, String creationId) {
    Container container = containers.get(creationId);
    if (container == null || !container.accountId.equals(account.accountId())) {
      throw MetaError.noSuchObject(creationId, "post");
    }
    if (container.carouselItem) {
      throw MetaError.invalidParameter("(#100) A carousel item cannot be published on its own");
    }
    switch (container.status) {
      case "FINISHED" -> {}
      case "PUBLISHED" ->
          throw new MetaError(
              400,
              "The media has already been published",
              "OAuthException",
              10,
              2207020,
              "This container was published already",
              false);
      case "IN_PROGRESS" ->
          throw new MetaError(
              400,
              "Media Not Found",
              "OAuthException",
              24,
              4279009,
              "The media is not ready for publishing, please wait for a moment",
              false);
      default ->
          throw new MetaError(
              400,
              "Media Not Found",
              "OAuthException",
              24,
              4279009,
              "The container is " + container.status + ": " + container.error,
              false);
    }
    if (publishedInLastDay(account.accountId()) >= settings.publishLimit()) {
      throw new MetaError(
          400,
          "Application request limit reached",
          "OAuthException",
          9,
          2207042,
          "You reached maximum number of posts that is allowed to be published by the Threads API.",
          false);
    }
    List<String> urls = new ArrayList<>();
    if (container.url != null) {
      urls.add(container.url);
    }
    for (String child : container.children) {
      urls.add(containers.get(child).url);
    }
    StringBuilder shortcode = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      shortcode.append(SHORTCODE.charAt(random.nextInt(SHORTCODE.length())));
    }
    Media published =
        new Media(
            next(),
            account,
            container.mediaType.equals("CAROUSEL")
                ? "CAROUSEL_ALBUM"
                : container.mediaType.equals("TEXT") ? "TEXT_POST" : container.mediaType,
            container.text,
            urls,
            shortcode.toString(),
            container.replyTo,
            clock.instant());
    media.put(published.id(), published);
    container.status = "PUBLISHED";
    container.publishedId = published.id();
    return published;
  }

  synchronized Optional<Media> media(SandboxAccount account, String id) {
    return Optional.ofNullable(media.get(id))
        .filter(m -> m.account().accountId().equals(account.accountId()) || m.replyTo() != null);
  }

  /** The user's own threads (not replies of others), newest first. */
  synchronized List<Media> recent(SandboxAccount account, int limit, Instant since) {
    return media.values().stream()
        .filter(m -> m.account().accountId().equals(account.accountId()))
        .filter(m -> since == null || !m.timestamp().isBefore(since))
        .sorted(Comparator.comparing(Media::timestamp).reversed())
        .limit(limit)
        .toList();
  }

  synchronized List<Media> replies(String mediaId) {
    return media.values().stream()
        .filter(m -> mediaId.equals(m.replyTo()))
        .sorted(Comparator.comparing(Media::timestamp))
        .toList();
  }

  synchronized Optional<Media> find(String id) {
    return Optional.ofNullable(media.get(id));
  }

  /** The thread a reply is under (a thread is its own root). */
  synchronized String rootOf(Media m) {
    Media current = m;
    while (current.replyTo() != null && media.containsKey(current.replyTo())) {
      current = media.get(current.replyTo());
    }
    return current.replyTo() != null ? current.replyTo() : current.id();
  }

  /** Every reply under the thread {@code rootId}, at any depth, oldest first. */
  synchronized List<Media> conversation(String rootId) {
    return media.values().stream()
        .filter(m -> m.replyTo() != null && rootOf(m).equals(rootId))
        .sorted(Comparator.comparing(Media::timestamp))
        .toList();
  }

  /** Whether the reply, or the top-level reply it is under, was hidden by the thread's owner. */
  synchronized boolean hidden(Media reply) {
    Media current = reply;
    while (current != null && current.replyTo() != null) {
      if (hiddenReplies.contains(current.id())) {
        return true;
      }
      current = media.get(current.replyTo());
    }
    return false;
  }

  /**
   * {@code manage_reply}: the owner of the thread hides or shows a top-level reply (and with it the
   * replies under it); a nested reply cannot be hidden on its own, nor a reply under someone else's
   * thread.
   */
  synchronized void hide(SandboxAccount account, String replyId, boolean hide) {
    Media reply = media.get(replyId);
    if (reply == null || reply.replyTo() == null) {
      throw MetaError.noSuchObject(replyId, "post");
    }
    Media root = media.get(rootOf(reply));
    if (root == null || !root.account().accountId().equals(account.accountId())) {
      throw new MetaError(
          400,
          "(#10) Application does not have permission for this action: only the owner of the"
              + " thread can hide its replies",
          "OAuthException",
          10,
          null,
          null,
          false);
    }
    if (!reply.replyTo().equals(root.id())) {
      throw MetaError.invalidParameter(
          "(#100) Only top-level replies can be hidden; a nested reply is hidden with the"
              + " top-level reply it is under");
    }
    if (hide) {
      hiddenReplies.add(replyId);
    } else {
      hiddenReplies.remove(replyId);
    }
  }

  /** Someone else mentions {@code account} in a post of theirs. */
  synchronized Mention addMention(SandboxAccount account, String username, String text) {
    StringBuilder shortcode = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      shortcode.append(SHORTCODE.charAt(random.nextInt(SHORTCODE.length())));
    }
    Mention mention =
        new Mention(
            next(), account.accountId(), username, text, shortcode.toString(), clock.instant());
    mentions.put(mention.id(), mention);
    return mention;
  }

  /** The account's mentions, newest first, within {@code [since, until]} where given. */
  synchronized List<Mention> mentions(String accountId, Instant since, Instant until) {
    return mentions.values().stream()
        .filter(m -> m.mentionedAccountId().equals(accountId))
        .filter(m -> since == null || !m.timestamp().isBefore(since))
        .filter(m -> until == null || !m.timestamp().isAfter(until))
        .sorted(Comparator.comparing(Mention::timestamp).thenComparing(Mention::id).reversed())
        .toList();
  }

  synchronized Optional<Media> addReply(String mediaId, String username, String text) {
    Media parent = media.get(mediaId);
    if (parent == null) {
      return Optional.empty();
    }
    SandboxAccount author = new SandboxAccount(PLATFORM, "r" + ids.get(), username, "-");
    Media reply =
        new Media(
            next(),
            author,
            "TEXT_POST",
            text,
            List.of(),
            "r" + ids.get(),
            mediaId,
            clock.instant());
    media.put(reply.id(), reply);
    return Optional.of(reply);
  }

  synchronized boolean delete(SandboxAccount account, String id) {
    Media found = media.get(id);
    if (found == null) {
      return false;
    }
    if (!found.account().accountId().equals(account.accountId())) {
      if (found.replyTo() == null) {
        return false;
      }
      throw new MetaError(
          400,
          "(#10) Application does not have permission for this action: a reply can be deleted"
              + " only by its author",
          "OAuthException",
          10,
          null,
          null,
          false);
    }
    Instant dayAgo = clock.instant().minus(DAY);
    deletes.removeIf(at -> at.isBefore(dayAgo));
    if (deletes.size() >= settings.deleteLimit()) {
      throw new MetaError(
          400,
          "Application request limit reached",
          "OAuthException",
          4,
          null,
          "You reached the maximum number of deletes (" + settings.deleteLimit() + " per 24 hours)",
          true);
    }
    deletes.add(clock.instant());
    media.remove(id);
    hiddenReplies.remove(id);
    return true;
  }

  /** Views, likes, replies, reposts, quotes, shares: they grow with the thread's age. */
  synchronized Map<String, Long> insights(Media thread) {
    long age = Math.max(0, Duration.between(thread.timestamp(), clock.instant()).toSeconds());
    Map<String, Long> values = new LinkedHashMap<>();
    values.put("views", 4 * age);
    values.put("likes", age / 5);
    values.put("replies", (long) replies(thread.id()).size());
    values.put("reposts", age / 30);
    values.put("quotes", age / 90);
    values.put("shares", age / 60);
    return values;
  }

  synchronized long publishedInLastDay(String accountId) {
    Instant dayAgo = clock.instant().minus(DAY);
    return media.values().stream()
        .filter(m -> m.account().accountId().equals(accountId) && m.timestamp().isAfter(dayAgo))
        .count();
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Media m : media.values()) {
      if (m.replyTo() == null && (accountId == null || m.account().accountId().equals(accountId))) {
        list.add(
            new SandboxPost(
                PLATFORM,
                m.account().accountId(),
                m.id(),
                m.text(),
                m.urls(),
                null,
                m.timestamp(),
                m.permalink()));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return containers.values().stream()
        .filter(c -> accountId == null || c.accountId.equals(accountId))
        .map(c -> new SandboxUpload(PLATFORM, c.accountId, c.id, "container", c.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    containers.clear();
    media.clear();
    deletes.clear();
    hiddenReplies.clear();
    mentions.clear();
  }

  private String next() {
    return String.valueOf(ids.incrementAndGet());
  }

  /** A media container: IN_PROGRESS, FINISHED, PUBLISHED, ERROR or EXPIRED. */
  static final class Container implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final String mediaType;
    final String url;
    final String text;
    final boolean carouselItem;
    final List<String> children;
    final String replyTo;
    final Instant createdAt;
    String status;
    String error;
    String publishedId;
    int pollsLeft;

    Container(
        String id,
        String accountId,
        String mediaType,
        String url,
        String text,
        boolean carouselItem,
        List<String> children,
        String replyTo,
        Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.mediaType = mediaType;
      this.url = url;
      this.text = text;
      this.carouselItem = carouselItem;
      this.children = children;
      this.replyTo = replyTo;
      this.createdAt = createdAt;
    }
  }

  /** A published thread (or a reply someone left on one). */
  record Media(
      String id,
      SandboxAccount account,
      String mediaType,
      String text,
      List<String> urls,
      String shortcode,
      String replyTo,
      Instant timestamp)
      implements java.io.Serializable {

    String permalink() {
      return "https://www.threads.net/@" + account.username() + "/post/" + shortcode;
    }
  }

  /** A post by someone else that mentions {@code mentionedAccountId}. */
  record Mention(
      String id,
      String mentionedAccountId,
      String username,
      String text,
      String shortcode,
      Instant timestamp)
      implements java.io.Serializable {

    String permalink() {
      return "https://www.threads.net/@" + username + "/post/" + shortcode;
    }
  }
}

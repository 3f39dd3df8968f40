package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxProperties;
import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The statuses and media uploads of the simulated Mastodon instance. */
@Component
class MastodonStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "mastodon";
  }

  @Override
  public String pathSegment() {
    return "mastodon";
  }

  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final int URL_LENGTH = 23;
  private static final int MAX_MEDIA = 4;

  private final SandboxProperties.Mastodon settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(113_000_000_000_000_000L);
  private final Map<String, StoredStatus> statuses = new LinkedHashMap<>();
  private final Map<String, StoredMedia> media = new LinkedHashMap<>();
  private final Map<String, Remembered> idempotencyKeys = new LinkedHashMap<>();

  MastodonStore(SandboxProperties properties, Clock clock) {
    this.settings = properties.mastodon();
    this.clock = clock;
  }

  @Override
  public String platform() {
    return MastodonApiFilter.PLATFORM;
  }

  /**
   * Creates a status, or returns the one created earlier with the same idempotency key.
   *
   * @throws MastodonValidationException when Mastodon would answer 422
   */
  synchronized StoredStatus create(
      SandboxAccount account, String origin, StatusParams params, String idempotencyKey) {
    Instant now = clock.instant();
    String rememberedKey = account.accountId() + "/" + idempotencyKey;
    if (idempotencyKey != null && !idempotencyKey.isBlank()) {
      Remembered earlier = idempotencyKeys.get(rememberedKey);
      if (earlier != null
          && now.isBefore(earlier.at().plus(settings.idempotencyWindow()))
          && statuses.containsKey(earlier.statusId())) {
        return statuses.get(earlier.statusId());
      }
    }
    validate(account, params);
    StoredStatus status =
        new StoredStatus(
            String.valueOf(ids.incrementAndGet()),
            account,
            origin,
            params.status() == null ? "" : params.status(),
            params.visibility() == null || params.visibility().isBlank()
                ? "public"
                : params.visibility(),
            params.spoilerText() == null ? "" : params.spoilerText(),
            params.language(),
            params.mediaIds().stream().map(media::get).toList(),
            blankToNull(idempotencyKey),
            now,
            blankToNull(params.inReplyToId()));
    statuses.put(status.id(), status);
    if (status.idempotencyKey() != null) {
      idempotencyKeys.put(rememberedKey, new Remembered(status.id(), now));
    }
    return status;
  }

  synchronized Optional<StoredStatus> status(SandboxAccount account, String id) {
    return Optional.ofNullable(statuses.get(id)).filter(s -> visibleTo(s, account));
  }

  synchronized Optional<StoredStatus> delete(SandboxAccount account, String id) {
    Optional<StoredStatus> status =
        Optional.ofNullable(statuses.get(id))
            .filter(s -> s.account().accountId().equals(account.accountId()));
    status.ifPresent(s -> statuses.remove(s.id()));
    return status;
  }

  synchronized StoredMedia upload(
      SandboxAccount account, String origin, String contentType, byte[] bytes, String description) {
    StoredMedia upload =
        new StoredMedia(
            String.valueOf(ids.incrementAndGet()),
            account.accountId(),
            origin,
            contentType,
            bytes,
            description,
            new AtomicInteger(settings.mediaPollsBeforeReady()),
            clock.instant());
    media.put(upload.id(), upload);
    return upload;
  }

  /** The upload as its owner sees it; each look while processing brings it closer to ready. */
  synchronized Optional<StoredMedia> pollMedia(SandboxAccount account, String id) {
    Optional<StoredMedia> upload =
        Optional.ofNullable(media.get(id)).filter(m -> m.accountId().equals(account.accountId()));
    upload.ifPresent(m -> m.pollsLeft().updateAndGet(left -> Math.max(0, left - 1)));
    return upload;
  }

  /** The file itself, public as on a real instance's media host. */
  synchronized Optional<StoredMedia> mediaFile(String id) {
    return Optional.ofNullable(media.get(id));
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> posts = new ArrayList<>();
    for (StoredStatus status : statuses.values()) {
      if (accountId == null || status.account().accountId().equals(accountId)) {
        posts.add(
            new SandboxPost(
                platform(),
                status.account().accountId(),
                status.id(),
                status.text(),
                status.media().stream().map(StoredMedia::url).toList(),
                status.idempotencyKey(),
                status.createdAt(),
                status.url()));
      }
    }
    posts.sort(Comparator.comparing(SandboxPost::createdAt));
    return posts;
  }

  /**
   * Statuses posted in reply to {@code statusId} (by the instance's own accounts), oldest first.
   */
  synchronized List<StoredStatus> repliesTo(String statusId) {
    return statuses.values().stream()
        .filter(s -> statusId.equals(s.inReplyToId()))
        .sorted(Comparator.comparing(StoredStatus::createdAt))
        .toList();
  }

  synchronized boolean exists(String id) {
    return statuses.containsKey(id);
  }

  /** The account's statuses, newest first, as {@code GET /api/v1/accounts/{id}/statuses}. */
  synchronized List<StoredStatus> recent(String accountId, int limit) {
    List<StoredStatus> recent = new ArrayList<>();
    for (StoredStatus status : statuses.values()) {
      if (status.account().accountId().equals(accountId)) {
        recent.add(status);
      }
    }
    recent.sort(Comparator.comparing(StoredStatus::createdAt).reversed());
    return recent.subList(0, Math.min(limit, recent.size()));
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return media.values().stream()
        .filter(m -> accountId == null || m.accountId().equals(accountId))
        .map(m -> new SandboxUpload(platform(), m.accountId(), m.id(), "media", m.createdAt()))
        .toList();
  }

  @Override
  public synchronized void reset() {
    statuses.clear();
    media.clear();
    idempotencyKeys.clear();
  }

  private void validate(SandboxAccount account, StatusParams params) {
    String text = params.status() == null ? "" : params.status();
    if (text.isBlank() && params.mediaIds().isEmpty()) {
      throw new MastodonValidationException("Validation failed: Text can't be blank");
    }
    if (length(text) + length(params.spoilerText() == null ? "" : params.spoilerText())
        > settings.characterLimit()) {
      throw new MastodonValidationException(
          "Validation failed: Text character limit of " + settings.characterLimit() + " exceeded");
    }
    if (params.visibility() != null
        && !params.visibility().isBlank()
        && !List.of("public", "unlisted", "private", "direct").contains(params.visibility())) {
      throw new MastodonValidationException(
          "Validation failed: Visibility is not included in the list");
    }
    if (params.mediaIds().size() > MAX_MEDIA) {
      throw new MastodonValidationException("Validation failed: Cannot attach more than 4 files");
    }
    for (String mediaId : params.mediaIds()) {
      StoredMedia upload = media.get(mediaId);
      if (upload == null || !upload.accountId().equals(account.accountId())) {
        throw new MastodonValidationException("Validation failed: Media attachment not found");
      }
      if (!upload.ready()) {
        throw new MastodonValidationException(
            "Cannot attach files that have not finished processing. Try again in a moment!");
      }
    }
  }

  /** Mastodon counts code points, and every URL as 23 whatever its length. */
  static int length(String text) {
    Matcher urls = URL.matcher(text);
    int count = 0;
    int position = 0;
    while (urls.find()) {
      count += text.codePointCount(position, urls.start()) + URL_LENGTH;
      position = urls.end();
    }
    return count + text.codePointCount(position, text.length());
  }

  private boolean visibleTo(StoredStatus status, SandboxAccount account) {
    return !status.visibility().equals("direct")
        || status.account().accountId().equals(account.accountId());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** What a client sent to create a status, from a form or a JSON body. */
  record StatusParams(
      String status,
      String visibility,
      String spoilerText,
      String language,
      List<String> mediaIds,
      String inReplyToId)
      implements java.io.Serializable {}

  record StoredStatus(
      String id,
      SandboxAccount account,
      String origin,
      String text,
      String visibility,
      String spoilerText,
      String language,
      List<StoredMedia> media,
      String idempotencyKey,
      Instant createdAt,
      String inReplyToId)
      implements java.io.Serializable {

    String url() {
      return origin + "/mastodon/@" + account.username() + "/" + id;
    }

    String uri() {
      return origin + "/mastodon/users/" + account.username() + "/statuses/" + id;
    }
  }

  record StoredMedia(
      String id,
      String accountId,
      String origin,
      String contentType,
      byte[] bytes,
      String description,
      AtomicInteger pollsLeft,
      Instant createdAt)
      implements java.io.Serializable {

    boolean ready() {
      return pollsLeft.get() == 0;
    }

    String url() {
      return origin + "/mastodon/system/media_attachments/" + id;
    }

    String type() {
      if (contentType == null) {
        return "unknown";
      }
      if (contentType.equals("image/gif")) {
        return "gifv";
      }
      return contentType.startsWith("image/")
          ? "image"
          : contentType.startsWith("video/")
              ? "video"
              : contentType.startsWith("audio/") ? "audio" : "unknown";
    }
  }

  private record Remembered(String statusId, Instant at) implements java.io.Serializable {}
}

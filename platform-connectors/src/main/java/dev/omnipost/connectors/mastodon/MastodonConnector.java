package dev.omnipost.connectors.mastodon;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.http.JsonText;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.http.PlatformResponse;
import dev.omnipost.connectors.inbox.InboxOperation;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.insights.AccountInsights;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;

/**
 * Publishes statuses to the account's Mastodon instance ({@code instance_url} setting) in steps:
 * each media file downloaded and uploaded through {@code POST /api/v2/media} (one step each, polled
 * as a {@code Wait} while Mastodon processes it), then the status. The request's idempotency key
 * goes in the {@code Idempotency-Key} header, so a retry within the hour returns the same status
 * instead of posting twice.
 */
public final class MastodonConnector implements PlatformConnector {

  /** The account setting holding the instance's base URL, e.g. {@code https://mastodon.social}. */
  public static final String INSTANCE_URL = "instance_url";

  /** Options passed through to {@code POST /api/v1/statuses} when present. */
  private static final List<String> STATUS_OPTIONS =
      List.of("visibility", "spoiler_text", "language", "sensitive", "in_reply_to_id");

  /** The attempt marker of the status create. */
  static final String CREATE_STATUS = "mastodon.status";

  /** Mastodon remembers an {@code Idempotency-Key} for 1 h; replay only well inside it. */
  static final Duration IDEMPOTENCY_REPLAY_WINDOW = Duration.ofMinutes(55);

  private static final String MEDIA_IDS = "media_ids";
  private static final String MEDIA_PENDING = "media_pending";
  private static final int RECENT_LIMIT = 40;

  /** Recent statuses whose threads the comment sync reads (one context call each). */
  private static final int COMMENT_THREADS = 20;

  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** For Omnipost's own media URLs (downloaded to re-upload). */
  private final RestClient client;

  /** For the instance, a host the tenant chose: through the SSRF guard. */
  private final RestClient instances;

  private final PlatformHttp http;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final Clock clock;

  /**
   * @param client downloads the media to upload (Omnipost's own public media URLs)
   * @param instances every call to the account's instance: a client guarded by the SSRF guard
   *     ({@code PlatformHttp.guardedRestClient}), since the instance URL is the tenant's choice
   */
  public MastodonConnector(
      RestClient client, RestClient instances, Duration pollInterval, Duration processingTimeout) {
    this(client, instances, pollInterval, processingTimeout, Clock.systemUTC());
  }

  MastodonConnector(
      RestClient client,
      RestClient instances,
      Duration pollInterval,
      Duration processingTimeout,
      Clock clock) {
    this.client = client;
    this.instances = instances;
    this.http = new PlatformHttp(Platform.MASTODON, new MastodonErrorTranslator(clock));
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.MASTODON;
  }

  /** Mastodon: 300 calls per 5 minutes per token. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(300, Duration.ofMinutes(5));
  }

  /**
   * Media first, one upload per step ({@code media_ids} grows; {@code media_pending} is an upload
   * Mastodon is still processing, polled on the next step), then the status with the target's
   * {@code Idempotency-Key}.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    String instance = instanceUrl(account);
    String pending = state.text(MEDIA_PENDING);
    if (pending != null) {
      PlatformResponse polled =
          call(
              context,
              instances
                  .get()
                  .uri(instance + "/api/v1/media/{id}", pending)
                  .headers(h -> authorize(h, account)));
      if (JsonText.of(polled.body(), "url") == null) {
        return new PublishStep.Wait(state, pollInterval);
      }
      return PublishStep.Wait.now(state.without(MEDIA_PENDING).withAdded(MEDIA_IDS, pending));
    }
    List<String> uploaded = state.texts(MEDIA_IDS);
    if (uploaded.size() < request.media().size()) {
      MediaAttachment next = request.media().get(uploaded.size());
      PlatformResponse upload = upload(account, instance, next, context);
      String mediaId = JsonText.of(upload.body(), "id");
      if (JsonText.of(upload.body(), "url") == null) {
        return new PublishStep.Wait(state.with(MEDIA_PENDING, mediaId), pollInterval);
      }
      return PublishStep.Wait.now(state.withAdded(MEDIA_IDS, mediaId));
    }
    context.beforeCreate(CREATE_STATUS);
    JsonNode status = postStatus(account, instance, request, uploaded, context);
    return new PublishStep.Done(JsonText.of(status, "id"), JsonText.of(status, "url"));
  }

  /**
   * Inside the idempotency window, replaying the create with the same {@code Idempotency-Key}
   * returns the status if it was created (and creates it once if it was not); after it, the
   * account's recent statuses are searched for the text, posted no earlier than the attempt.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_STATUS.equals(attempt.what())) {
      return PostLookup.notCreated(); // a media upload: an orphan upload is never a post
    }
    String instance = instanceUrl(account);
    if (clock.instant().isBefore(attempt.at().plus(IDEMPOTENCY_REPLAY_WINDOW))) {
      JsonNode status =
          postStatus(account, instance, request, state.texts(MEDIA_IDS), StepContext.none());
      return new PostLookup.Found(JsonText.of(status, "id"), JsonText.of(status, "url"));
    }
    JsonNode recent =
        http.call(
                instances
                    .get()
                    .uri(
                        instance + "/api/v1/accounts/{id}/statuses?limit={limit}",
                        account.platformAccountId(),
                        RECENT_LIMIT)
                    .headers(h -> authorize(h, account)))
            .body();
    Instant since = attempt.at().minus(CLOCK_SKEW);
    boolean reachesBack = recent.size() < RECENT_LIMIT;
    String expected = plain(request.text());
    for (JsonNode status : recent) {
      Instant created = parseInstant(JsonText.of(status, "created_at"));
      if (created != null && created.isBefore(since)) {
        reachesBack = true;
        continue;
      }
      if (expected.equals(plain(stripHtml(JsonText.of(status, "content"))))) {
        return new PostLookup.Found(JsonText.of(status, "id"), JsonText.of(status, "url"));
      }
    }
    return reachesBack
        ? PostLookup.notCreated()
        : new PostLookup.Unknown(
            "the account posted more than "
                + RECENT_LIMIT
                + " statuses since the attempt; Omnipost cannot tell whether it was one of them");
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      http.call(
          instances
              .delete()
              .uri(instanceUrl(account) + "/api/v1/statuses/{id}", platformPostId)
              .headers(h -> authorize(h, account)));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /** Favourites, boosts and replies of the status. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode status =
        http.call(
                instances
                    .get()
                    .uri(instanceUrl(account) + "/api/v1/statuses/{id}", platformPostId)
                    .headers(h -> authorize(h, account)))
            .body();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", status.path("favourites_count").asLong(0));
    counters.put("shares", status.path("reblogs_count").asLong(0));
    counters.put("comments", status.path("replies_count").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  @Override
  public boolean supportsAccountInsights() {
    return true;
  }

  /** {@code verify_credentials}: followers, following and statuses of the account. */
  @Override
  public AccountInsights accountInsights(AccountCredentials account) {
    JsonNode me =
        http.call(
                instances
                    .get()
                    .uri(instanceUrl(account) + "/api/v1/accounts/verify_credentials")
                    .headers(h -> authorize(h, account)))
            .body();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("following", me.path("following_count").asLong(0));
    counters.put("posts", me.path("statuses_count").asLong(0));
    return new AccountInsights(
        me.path("followers_count").asLong(0), null, counters, clock.instant());
  }

  /**
   * Mention notifications, and replies to the account's statuses as comments: answered, favourited
   * and (the account's own replies only) deleted. Mastodon cannot hide someone else's reply.
   */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return Set.of(
        InboxOperation.LIST_MENTIONS,
        InboxOperation.LIST_COMMENTS,
        InboxOperation.REPLY_TO_COMMENT,
        InboxOperation.LIKE_COMMENT,
        InboxOperation.DELETE_COMMENT);
  }

  /** {@code DELETE /api/v1/statuses/{id}} removes only the account's own statuses. */
  @Override
  public boolean deletesOwnCommentsOnly() {
    return true;
  }

  /**
   * Replies by others under the account's recent statuses ({@code GET
   * /api/v1/accounts/{id}/statuses}, its own replies skipped), each read with {@code GET
   * /api/v1/statuses/{id}/context} (descendants at any depth); oldest first. A reply's {@code
   * platformPostId} is the status at the top of its thread; {@code parentId} the reply it answers
   * when that is not the status itself.
   */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    String instance = instanceUrl(account);
    JsonNode recent =
        http.call(
                instances
                    .get()
                    .uri(
                        instance + "/api/v1/accounts/{id}/statuses?limit={limit}",
                        account.platformAccountId(),
                        COMMENT_THREADS)
                    .headers(h -> authorize(h, account)))
            .body();
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode status : recent) {
      String statusId = JsonText.of(status, "id");
      if (statusId == null || JsonText.of(status, "in_reply_to_id") != null) {
        continue; // a reply of ours is part of someone's thread, not a thread of its own
      }
      JsonNode context =
          http.call(
                  instances
                      .get()
                      .uri(instance + "/api/v1/statuses/{id}/context", statusId)
                      .headers(h -> authorize(h, account)))
              .body();
      for (JsonNode reply : context.path("descendants")) {
        JsonNode author = reply.path("account");
        if (account.platformAccountId().equals(JsonText.of(author, "id"))) {
          continue; // the account's own replies are stored when Omnipost posts them
        }
        String parent = JsonText.of(reply, "in_reply_to_id");
        comments.add(
            new PlatformComment(
                JsonText.of(reply, "id"),
                statusId,
                statusId.equals(parent) ? null : parent,
                JsonText.of(author, "id"),
                JsonText.of(author, "acct"),
                plain(stripHtml(JsonText.of(reply, "content"))),
                parseInstant(JsonText.of(reply, "created_at"))));
      }
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
  }

  /**
   * {@code POST /api/v1/statuses} with {@code in_reply_to_id}, visible as the replied-to one is.
   */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("status", text);
    form.add("in_reply_to_id", platformCommentId);
    JsonNode status =
        http.call(
                instances
                    .post()
                    .uri(instanceUrl(account) + "/api/v1/statuses")
                    .headers(h -> authorize(h, account))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .body(form))
            .body();
    return JsonText.of(status, "id");
  }

  /** {@code POST /api/v1/statuses/{id}/favourite} or {@code unfavourite} (both idempotent). */
  @Override
  public void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    http.call(
        instances
            .post()
            .uri(
                instanceUrl(account)
                    + "/api/v1/statuses/{id}/"
                    + (liked ? "favourite" : "unfavourite"),
                platformCommentId)
            .headers(h -> authorize(h, account)));
  }

  /** {@code DELETE /api/v1/statuses/{id}}: the account's own reply; gone already counts. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    delete(account, platformCommentId); // Deleted or AlreadyGone: either way it is gone
  }

  /**
   * {@code GET /api/v1/notifications?types[]=mention&since_id=}, oldest first; the next cursor is
   * the newest notification id seen.
   */
  @Override
  public SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    String path =
        "/api/v1/notifications?types[]=mention&limit={limit}"
            + (cursor == null ? "" : "&since_id={since}");
    Object[] variables =
        cursor == null ? new Object[] {RECENT_LIMIT} : new Object[] {RECENT_LIMIT, cursor};
    JsonNode notifications =
        http.call(
                instances
                    .get()
                    .uri(instanceUrl(account) + path, variables)
                    .headers(h -> authorize(h, account)))
            .body();
    List<PlatformMention> mentions = new ArrayList<>();
    String newest = cursor;
    for (JsonNode notification : notifications) {
      if (!"mention".equals(JsonText.of(notification, "type"))) {
        continue;
      }
      JsonNode status = notification.path("status");
      JsonNode from = notification.path("account");
      String id = JsonText.of(notification, "id");
      mentions.add(
          new PlatformMention(
              id,
              JsonText.of(status, "id"),
              JsonText.of(from, "id"),
              JsonText.of(from, "acct"),
              plain(stripHtml(JsonText.of(status, "content"))),
              JsonText.of(status, "url"),
              parseInstant(JsonText.of(notification, "created_at"))));
      if (newest == null || newer(id, newest)) {
        newest = id;
      }
    }
    mentions.sort(
        Comparator.comparing(
            PlatformMention::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(mentions, newest);
  }

  /** Mastodon ids are numbers as text: longer is newer, equal lengths compare as text. */
  private static boolean newer(String a, String b) {
    return a.length() != b.length() ? a.length() > b.length() : a.compareTo(b) > 0;
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  private JsonNode postStatus(
      AccountCredentials account,
      String instance,
      PublishRequest request,
      List<String> mediaIds,
      StepContext context) {
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("status", request.text() == null ? "" : request.text());
    form.add("visibility", "public");
    for (String option : STATUS_OPTIONS) {
      Object value = request.options().get(option);
      if (value != null) {
        form.set(option, String.valueOf(value));
      }
    }
    mediaIds.forEach(id -> form.add("media_ids[]", id));
    var post =
        instances
            .post()
            .uri(instance + "/api/v1/statuses")
            .headers(h -> authorize(h, account))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(form);
    if (request.idempotencyKey() != null && !request.idempotencyKey().isBlank()) {
      post = post.header("Idempotency-Key", request.idempotencyKey());
    }
    return call(context, post).body();
  }

  /** Uploads one attachment; the answer has a {@code url} once Mastodon has processed it. */
  private PlatformResponse upload(
      AccountCredentials account, String instance, MediaAttachment media, StepContext context) {
    PlatformHttp.Download file = http.download(client, media.url());
    String contentType = media.contentType() != null ? media.contentType() : file.contentType();
    MultipartBodyBuilder multipart = new MultipartBodyBuilder();
    multipart
        .part("file", new ByteArrayResource(file.bytes()))
        .filename(fileName(media.url()))
        .contentType(
            contentType == null
                ? MediaType.APPLICATION_OCTET_STREAM
                : MediaType.parseMediaType(contentType));
    return call(
        context,
        instances
            .post()
            .uri(instance + "/api/v2/media")
            .headers(h -> authorize(h, account))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(multipart.build()));
  }

  /** One call, reporting Mastodon's rate-limit headers to the worker. */
  private PlatformResponse call(StepContext context, RestClient.RequestHeadersSpec<?> request) {
    PlatformResponse response = http.call(request);
    String remaining = response.headers().getFirst("X-RateLimit-Remaining");
    Instant reset = parseInstant(response.headers().getFirst("X-RateLimit-Reset"));
    if (remaining != null && reset != null) {
      try {
        context.rateLimit(Integer.parseInt(remaining.trim()), reset);
      } catch (NumberFormatException unreadable) {
        // a header we cannot read does not change the pacing
      }
    }
    return response;
  }

  private static Instant parseInstant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String stripHtml(String html) {
    if (html == null) {
      return "";
    }
    return HtmlUtils.htmlUnescape(
        html.replaceAll("(?i)<br\\s*/?>", "\n")
            .replaceAll("(?i)</p>\\s*<p>", "\n\n")
            .replaceAll("<[^>]+>", ""));
  }

  private static String plain(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }

  private static void authorize(HttpHeaders headers, AccountCredentials account) {
    headers.setBearerAuth(account.accessToken());
  }

  private static String instanceUrl(AccountCredentials account) {
    String url = account.setting(INSTANCE_URL);
    if (url == null || url.isBlank()) {
      throw new PermanentPlatformException(
          Platform.MASTODON, 0, "the Mastodon account has no " + INSTANCE_URL + " setting", null);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String fileName(String url) {
    String path = url.replaceAll("[?#].*$", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isBlank() ? "upload" : name;
  }
}

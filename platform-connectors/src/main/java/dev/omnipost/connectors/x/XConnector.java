package dev.omnipost.connectors.x;

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
import dev.omnipost.connectors.inbox.MessageMediaRules;
import dev.omnipost.connectors.inbox.PlatformMention;
import dev.omnipost.connectors.inbox.PlatformMessage;
import dev.omnipost.connectors.inbox.SyncPage;
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Publishes tweets through the X API v2 in steps: each image or GIF is uploaded with one {@code
 * POST /2/media/upload}; a video goes through the chunked upload, one step each for {@code
 * initialize}, the {@code append}s, {@code finalize}, then {@code STATUS} polled as a {@code Wait}
 * of X's {@code check_after_secs} until {@code succeeded}; then {@code POST /2/tweets}. X has no
 * idempotency key: a lost answer is settled by the account's recent tweets, and a duplicate-content
 * 403 on the create is resolved the same way (see {@link #nextPublishStep}).
 */
public final class XConnector implements PlatformConnector {

  /** The attempt marker of the tweet create. */
  static final String CREATE_TWEET = "twitter.tweet";

  /** How far back a duplicate-content 403 looks for the tweet with the same text. */
  static final Duration DUPLICATE_LOOKBACK = Duration.ofHours(24);

  private static final int PAGE = 100;
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final XMediaUploads uploads;
  private final XDirectMessages directMessages;
  private final Duration processingTimeout;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://api.x.com} (paths {@code /2/...} are appended)
   */
  public XConnector(
      RestClient client, String apiUrl, Duration pollInterval, Duration processingTimeout) {
    this(
        client,
        apiUrl,
        pollInterval,
        processingTimeout,
        XMediaUploads.DEFAULT_CHUNK_BYTES,
        Clock.systemUTC());
  }

  XConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int chunkBytes,
      Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(Platform.TWITTER, new XErrorTranslator(clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.uploads = new XMediaUploads(client, http, this.apiUrl, pollInterval, chunkBytes);
    this.directMessages = new XDirectMessages(client, http, this.apiUrl);
    this.processingTimeout = processingTimeout;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.TWITTER;
  }

  /** {@code POST /2/tweets}: 100 per 15 minutes per user, refined by X's rate headers. */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(100, Duration.ofMinutes(15));
  }

  /**
   * One call per step: uploads ({@code media_ids} grows; a video in flight is {@code media_pending}
   * at {@code media_stage} initialized → appended → processing), then the tweet. When X refuses the
   * tweet as duplicate content, the account's tweets of the last 24 hours are searched for the same
   * text: the create whose answer was lost, or the same text already posted, is then this target's
   * tweet ({@code Done}); without one the target is rejected with X's words.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    List<String> uploaded = XMediaUploads.uploaded(state);
    if (XMediaUploads.inFlight(state) || uploaded.size() < request.media().size()) {
      return uploads.next(account, request.media().get(uploaded.size()), state);
    }
    context.beforeCreate(CREATE_TWEET);
    try {
      PlatformResponse created = createTweet(account, request, uploaded);
      reportRateLimit(created.headers(), context);
      String id = JsonText.of(created.body().path("data"), "id");
      return new PublishStep.Done(id, permalink(account, id));
    } catch (PermanentPlatformException refused) {
      if (!XErrorTranslator.isDuplicateContent(refused)) {
        throw refused;
      }
      Optional<JsonNode> same =
          recentWithText(account, request.text(), clock.instant().minus(DUPLICATE_LOOKBACK));
      if (same.isEmpty()) {
        return new PublishStep.Rejected(refused.code(), refused.getMessage());
      }
      String id = JsonText.of(same.get(), "id");
      return new PublishStep.Done(id, permalink(account, id));
    }
  }

  /**
   * A lost upload never posts anything; a lost tweet create is searched among the account's tweets
   * since the attempt (by text): found, or not created when the page reaches back past the attempt,
   * else unknown.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_TWEET.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    JsonNode page = timeline(account, since);
    String expected = comparable(request.text());
    for (JsonNode tweet : page.path("data")) {
      if (expected.equals(comparable(JsonText.of(tweet, "text")))) {
        String id = JsonText.of(tweet, "id");
        return new PostLookup.Found(id, permalink(account, id));
      }
    }
    return page.path("meta").path("result_count").asInt(0) < PAGE
        ? PostLookup.notCreated()
        : new PostLookup.Unknown(
            "the account tweeted more than "
                + PAGE
                + " times since the attempt; Omnipost cannot tell whether one was this post");
  }

  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      JsonNode answer =
          http.call(
                  client
                      .delete()
                      .uri(apiUrl + "/2/tweets/{id}", platformPostId)
                      .headers(h -> h.setBearerAuth(account.accessToken())))
              .body();
      return answer.path("data").path("deleted").asBoolean(false)
          ? new DeleteResult.Deleted()
          : new DeleteResult.AlreadyGone();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /** {@code public_metrics}: likes, retweets + quotes as shares, replies, impressions. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode answer =
        get(account, "/2/tweets/{id}?tweet.fields=public_metrics", platformPostId).body();
    JsonNode metrics = answer.path("data").path("public_metrics");
    if (metrics.isMissingNode()) {
      String detail = JsonText.of(answer.path("errors").path(0), "detail");
      throw new PermanentPlatformException(
          Platform.TWITTER,
          404,
          detail != null ? detail : "X has no tweet " + platformPostId,
          null);
    }
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", metrics.path("like_count").asLong(0));
    counters.put(
        "shares", metrics.path("retweet_count").asLong(0) + metrics.path("quote_count").asLong(0));
    counters.put("comments", metrics.path("reply_count").asLong(0));
    counters.put("impressions", metrics.path("impression_count").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /** Replies to the account's tweets, from its mentions (one call), oldest first. */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    JsonNode page =
        get(
                account,
                "/2/users/{id}/mentions?max_results={max}&tweet.fields={fields}&expansions=author_id",
                account.platformAccountId(),
                PAGE,
                "created_at,author_id,conversation_id,referenced_tweets")
            .body();
    Map<String, String> usernames = new HashMap<>();
    page.path("includes")
        .path("users")
        .forEach(u -> usernames.put(JsonText.of(u, "id"), JsonText.of(u, "username")));
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode tweet : page.path("data")) {
      String repliedTo = null;
      for (JsonNode referenced : tweet.path("referenced_tweets")) {
        if ("replied_to".equals(JsonText.of(referenced, "type"))) {
          repliedTo = JsonText.of(referenced, "id");
        }
      }
      if (repliedTo == null) {
        continue; // a mention that is not a reply is not a comment on one of our posts
      }
      String author = JsonText.of(tweet, "author_id");
      comments.add(
          new PlatformComment(
              JsonText.of(tweet, "id"),
              JsonText.of(tweet, "conversation_id"),
              repliedTo,
              author,
              usernames.get(author),
              JsonText.of(tweet, "text"),
              parseInstant(JsonText.of(tweet, "created_at"))));
    }
    comments.sort(
        Comparator.comparing(
            PlatformComment::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return comments;
  }

  /**
   * Comments (replies) from mentions, answered as tweets, liked, hidden in the account's own
   * conversations and, when they are the account's own replies, deleted; the mentions themselves;
   * direct messages (no reply window on X).
   */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return Set.of(
        InboxOperation.LIST_COMMENTS,
        InboxOperation.REPLY_TO_COMMENT,
        InboxOperation.HIDE_COMMENT,
        InboxOperation.LIKE_COMMENT,
        InboxOperation.DELETE_COMMENT,
        InboxOperation.LIST_MENTIONS,
        InboxOperation.LIST_MESSAGES,
        InboxOperation.SEND_MESSAGE);
  }

  /**
   * {@code PUT /2/tweets/{id}/hidden {"hidden"}}: X hides replies only in conversations the account
   * started (and refuses others with a 403); hiding twice succeeds.
   */
  @Override
  public void hideComment(AccountCredentials account, String platformCommentId, boolean hidden) {
    http.call(
        client
            .put()
            .uri(apiUrl + "/2/tweets/{id}/hidden", platformCommentId)
            .headers(h -> h.setBearerAuth(account.accessToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("hidden", hidden)));
  }

  /**
   * {@code POST /2/users/{me}/likes {"tweet_id"}}, or {@code DELETE /2/users/{me}/likes/{id}}; both
   * succeed when the tweet already is (or is not) liked.
   */
  @Override
  public void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    if (liked) {
      http.call(
          client
              .post()
              .uri(apiUrl + "/2/users/{id}/likes", account.platformAccountId())
              .headers(h -> h.setBearerAuth(account.accessToken()))
              .contentType(MediaType.APPLICATION_JSON)
              .body(Map.of("tweet_id", platformCommentId)));
    } else {
      http.call(
          client
              .delete()
              .uri(
                  apiUrl + "/2/users/{id}/likes/{tweet}",
                  account.platformAccountId(),
                  platformCommentId)
              .headers(h -> h.setBearerAuth(account.accessToken())));
    }
  }

  /** X deletes only the account's own tweets: the inbox deletes its replies, nobody else's. */
  @Override
  public boolean deletesOwnCommentsOnly() {
    return true;
  }

  /** {@code DELETE /2/tweets/{id}}; a reply X no longer has is already deleted. */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    delete(account, platformCommentId);
  }

  /**
   * {@code GET /2/dm_events} after the cursor (the newest event id seen), oldest first; one-to-one
   * conversations only.
   */
  @Override
  public SyncPage<PlatformMessage> listMessages(AccountCredentials account, String cursor) {
    return directMessages.list(account, cursor);
  }

  /** One image (JPEG, PNG, WebP) of up to 5 MB per answer, uploaded before the message. */
  @Override
  public MessageMediaRules messageMedia() {
    Map<String, Long> types = new LinkedHashMap<>();
    XDirectMessages.IMAGE_TYPES.forEach(type -> types.put(type, 5L * 1024 * 1024));
    return new MessageMediaRules(1, types);
  }

  /**
   * {@code POST /2/dm_conversations/with/{participant_id}/messages}; returns the {@code
   * dm_event_id}.
   */
  @Override
  public String sendMessage(
      AccountCredentials account,
      String platformConversationId,
      String recipientId,
      String text,
      List<MediaAttachment> media) {
    return directMessages.send(account, recipientId, text, media);
  }

  /** A reply is a tweet with {@code reply.in_reply_to_tweet_id}; returns the new tweet's id. */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", text);
    body.put("reply", Map.of("in_reply_to_tweet_id", platformCommentId));
    JsonNode created =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/2/tweets")
                    .headers(h -> h.setBearerAuth(account.accessToken()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body))
            .body();
    return JsonText.of(created.path("data"), "id");
  }

  /**
   * {@code GET /2/users/{id}/mentions} after {@code since_id}, oldest first; the next cursor is the
   * newest id seen ({@code meta.newest_id}).
   */
  @Override
  public SyncPage<PlatformMention> listMentions(AccountCredentials account, String cursor) {
    String path =
        "/2/users/{id}/mentions?max_results={max}&tweet.fields={fields}&expansions=author_id"
            + (cursor == null ? "" : "&since_id={since}");
    Object[] variables =
        cursor == null
            ? new Object[] {account.platformAccountId(), PAGE, "created_at,author_id"}
            : new Object[] {account.platformAccountId(), PAGE, "created_at,author_id", cursor};
    JsonNode page = get(account, path, variables).body();
    Map<String, String> usernames = new HashMap<>();
    page.path("includes")
        .path("users")
        .forEach(u -> usernames.put(JsonText.of(u, "id"), JsonText.of(u, "username")));
    List<PlatformMention> mentions = new ArrayList<>();
    String newest = cursor;
    for (JsonNode tweet : page.path("data")) {
      String id = JsonText.of(tweet, "id");
      String author = usernames.get(JsonText.of(tweet, "author_id"));
      mentions.add(
          new PlatformMention(
              id,
              id,
              JsonText.of(tweet, "author_id"),
              author,
              JsonText.of(tweet, "text"),
              author == null ? null : "https://x.com/" + author + "/status/" + id,
              parseInstant(JsonText.of(tweet, "created_at"))));
      if (newest == null || compareIds(id, newest) > 0) {
        newest = id;
      }
    }
    String metaNewest = JsonText.of(page.path("meta"), "newest_id");
    mentions.sort(
        Comparator.comparing(
            PlatformMention::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return new SyncPage<>(mentions, metaNewest != null ? metaNewest : newest);
  }

  /** Tweet ids are snowflakes: a longer id is newer, equal lengths compare as text. */
  private static int compareIds(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  private PlatformResponse createTweet(
      AccountCredentials account, PublishRequest request, List<String> mediaIds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", request.text() == null ? "" : request.text());
    if (!mediaIds.isEmpty()) {
      body.put("media", Map.of("media_ids", mediaIds));
    }
    Object replyTo = request.options().get("in_reply_to_tweet_id");
    if (replyTo != null) {
      body.put("reply", Map.of("in_reply_to_tweet_id", String.valueOf(replyTo)));
    }
    for (String option : List.of("quote_tweet_id", "reply_settings")) {
      Object value = request.options().get(option);
      if (value != null) {
        body.put(option, String.valueOf(value));
      }
    }
    return http.call(
        client
            .post()
            .uri(apiUrl + "/2/tweets")
            .headers(h -> h.setBearerAuth(account.accessToken()))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body));
  }

  private Optional<JsonNode> recentWithText(
      AccountCredentials account, String text, Instant since) {
    String expected = comparable(text);
    for (JsonNode tweet : timeline(account, since).path("data")) {
      if (expected.equals(comparable(JsonText.of(tweet, "text")))) {
        return Optional.of(tweet);
      }
    }
    return Optional.empty();
  }

  private JsonNode timeline(AccountCredentials account, Instant since) {
    return get(
            account,
            "/2/users/{id}/tweets?max_results={max}&start_time={since}&tweet.fields=created_at",
            account.platformAccountId(),
            PAGE,
            since.truncatedTo(ChronoUnit.SECONDS).toString())
        .body();
  }

  private PlatformResponse get(AccountCredentials account, String path, Object... variables) {
    return http.call(
        client
            .get()
            .uri(apiUrl + path, variables)
            .headers(h -> h.setBearerAuth(account.accessToken())));
  }

  /**
   * Reports the tighter of the tweet window ({@code x-rate-limit-*}) and the user's 24-hour cap
   * ({@code x-user-limit-24hour-*}) to the worker.
   */
  private static void reportRateLimit(HttpHeaders headers, StepContext context) {
    Integer remaining = integer(headers.getFirst("x-rate-limit-remaining"));
    Instant reset = epoch(headers.getFirst("x-rate-limit-reset"));
    Integer daily = integer(headers.getFirst("x-user-limit-24hour-remaining"));
    Instant dailyReset = epoch(headers.getFirst("x-user-limit-24hour-reset"));
    if (daily != null && dailyReset != null && (remaining == null || daily < remaining)) {
      context.rateLimit(daily, dailyReset);
    } else if (remaining != null && reset != null) {
      context.rateLimit(remaining, reset);
    }
  }

  private static Integer integer(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException unreadable) {
      return null;
    }
  }

  private static Instant epoch(String value) {
    try {
      return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.trim()));
    } catch (NumberFormatException unreadable) {
      return null;
    }
  }

  /**
   * Text as X gives it back and as we sent it, made comparable: X wraps links in t.co and escapes
   * {@code & < >}; both sides get NFC, links as one token and collapsed whitespace.
   */
  static String comparable(String text) {
    if (text == null) {
      return "";
    }
    String unescaped = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    return Normalizer.normalize(unescaped, Normalizer.Form.NFC)
        .replaceAll("https?://\\S+", "<link>")
        .strip()
        .replaceAll("\\s+", " ");
  }

  private static String permalink(AccountCredentials account, String id) {
    String handle = account.handle();
    if (handle == null || handle.isBlank()) {
      return "https://x.com/i/web/status/" + id;
    }
    return "https://x.com/"
        + (handle.startsWith("@") ? handle.substring(1) : handle)
        + "/status/"
        + id;
  }

  private static Instant parseInstant(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}

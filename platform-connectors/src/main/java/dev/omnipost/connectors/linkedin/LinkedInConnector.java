package dev.omnipost.connectors.linkedin;

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
import dev.omnipost.connectors.steps.AttemptMarker;
import dev.omnipost.connectors.steps.BlockingPublish;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.MetricsResult;
import dev.omnipost.connectors.steps.PostLookup;
import dev.omnipost.connectors.steps.PublishStep;
import dev.omnipost.connectors.steps.RateBudget;
import dev.omnipost.connectors.steps.StepContext;
import dev.omnipost.connectors.steps.StepState;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * Publishes to LinkedIn through the Posts API in steps: each image is registered ({@code POST
 * /rest/images?action=initializeUpload}) and its bytes PUT to the upload URL LinkedIn gave, then
 * polled until {@code AVAILABLE}; then {@code POST /rest/posts}, whose id comes back in the {@code
 * x-restli-id} header. The commentary is sent in LinkedIn's little text format, its reserved
 * characters backslash-escaped (LinkedIn silently truncates a post at an unescaped one). The author
 * is the member ({@code urn:li:person:<platformAccountId>}) or, with {@code platform_options}
 * {@code author: "organization"}, the organization in {@code organization_id} (option, else the
 * account's setting).
 */
public final class LinkedInConnector implements PlatformConnector {

  /** The {@code LinkedIn-Version} (YYYYMM) this connector speaks; LinkedIn serves about a year. */
  public static final String API_VERSION = "202611";

  /** The account setting holding the default organization to post as. */
  public static final String ORGANIZATION_ID = "organization_id";

  /** The attempt marker of the post create. */
  static final String CREATE_POST = "linkedin.post";

  /** Characters with a meaning in LinkedIn's little text format. */
  static final String RESERVED = "\\|{}@[]()<>#*_~";

  private static final String IMAGES = "images";
  private static final String IMAGE_PENDING = "image_pending";
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** LinkedIn has no API to hide a comment. */
  private static final Set<InboxOperation> INBOX_OPERATIONS =
      Set.of(
          InboxOperation.LIST_COMMENTS,
          InboxOperation.REPLY_TO_COMMENT,
          InboxOperation.LIKE_COMMENT,
          InboxOperation.DELETE_COMMENT);

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final Duration pollInterval;
  private final Duration processingTimeout;
  private final int recentPostLimit;
  private final String version;
  private final Clock clock;

  /**
   * @param apiUrl e.g. {@code https://api.linkedin.com} (paths {@code /rest/...} are appended)
   * @param recentPostLimit how many recent posts lookups and comment listing look at
   */
  public LinkedInConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit) {
    this(
        client,
        apiUrl,
        pollInterval,
        processingTimeout,
        recentPostLimit,
        API_VERSION,
        Clock.systemUTC());
  }

  LinkedInConnector(
      RestClient client,
      String apiUrl,
      Duration pollInterval,
      Duration processingTimeout,
      int recentPostLimit,
      String version,
      Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(Platform.LINKEDIN, new LinkedInErrorTranslator(clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.pollInterval = pollInterval;
    this.processingTimeout = processingTimeout;
    this.recentPostLimit = recentPostLimit;
    this.version = version;
    this.clock = clock;
  }

  @Override
  public Platform platform() {
    return Platform.LINKEDIN;
  }

  /**
   * LinkedIn publishes no per-member numbers; 150 posts a day per member is the commonly cited
   * limit (the sandbox's default), reset at midnight UTC.
   */
  @Override
  public RateBudget rateBudget() {
    return new RateBudget(150, Duration.ofDays(1));
  }

  /**
   * One image per step ({@code initializeUpload} and the PUT of its bytes: an interrupted step
   * leaves an unused image, never a post), polled while {@code image_pending}, {@code images}
   * growing; then the post. A {@code DUPLICATE_POST} refusal names the existing post, which is then
   * this target's post.
   */
  @Override
  public PublishStep nextPublishStep(
      AccountCredentials account, PublishRequest request, StepState state, StepContext context) {
    String author = author(account, request);
    String pending = state.text(IMAGE_PENDING);
    if (pending != null) {
      String collection = pending.startsWith("urn:li:video:") ? "/rest/videos/" : "/rest/images/";
      JsonNode image = get(account, collection + encode(pending)).body();
      String status = JsonText.of(image, "status");
      if ("AVAILABLE".equals(status)) {
        return PublishStep.Wait.now(state.without(IMAGE_PENDING).withAdded(IMAGES, pending));
      }
      if ("PROCESSING_FAILED".equals(status)) {
        return new PublishStep.Rejected(
            "platform_rejected", "LinkedIn could not process " + pending);
      }
      return new PublishStep.Wait(state, pollInterval);
    }
    List<String> images = state.texts(IMAGES);
    if (images.size() < request.media().size()) {
      MediaAttachment media = request.media().get(images.size());
      if (isVideo(media)) {
        return PublishStep.Wait.now(state.with(IMAGE_PENDING, uploadVideo(account, author, media)));
      }
      return PublishStep.Wait.now(state.with(IMAGE_PENDING, uploadImage(account, author, media)));
    }
    context.beforeCreate(CREATE_POST);
    try {
      PlatformResponse created = createPost(account, author, request.text(), images);
      String urn = created.headers().getFirst("x-restli-id");
      if (urn == null || urn.isBlank()) {
        throw new PermanentPlatformException(
            Platform.LINKEDIN, created.status(), "LinkedIn answered without x-restli-id", null);
      }
      return new PublishStep.Done(urn, permalink(urn));
    } catch (PermanentPlatformException refused) {
      Optional<String> existing = LinkedInErrorTranslator.duplicateOf(refused);
      if (existing.isEmpty()) {
        throw refused;
      }
      return new PublishStep.Done(existing.get(), permalink(existing.get()));
    }
  }

  /**
   * A lost image upload never posts; a lost post create is searched among the author's recent posts
   * by commentary, created no earlier than the attempt.
   */
  @Override
  public PostLookup findPublished(
      AccountCredentials account, PublishRequest request, StepState state, AttemptMarker attempt) {
    if (!CREATE_POST.equals(attempt.what())) {
      return PostLookup.notCreated();
    }
    Instant since = attempt.at().minus(CLOCK_SKEW);
    String commentary = escape(request.text());
    JsonNode elements = recentPosts(account, author(account, request)).path("elements");
    boolean reachesBack = elements.size() < recentPostLimit;
    for (JsonNode post : elements) {
      Instant created = Instant.ofEpochMilli(post.path("createdAt").asLong(0));
      if (created.isBefore(since)) {
        reachesBack = true;
        continue;
      }
      if (commentary.equals(JsonText.of(post, "commentary"))) {
        String urn = JsonText.of(post, "id");
        return new PostLookup.Found(urn, permalink(urn));
      }
    }
    return reachesBack
        ? PostLookup.notCreated()
        : new PostLookup.Unknown(
            "the author posted more than "
                + recentPostLimit
                + " times since the attempt; Omnipost cannot tell whether one was this post");
  }

  /** {@code DELETE /rest/posts/{urn}} answers 204 whether or not the post was still there. */
  @Override
  public DeleteResult delete(AccountCredentials account, String platformPostId) {
    try {
      http.call(
          client
              .delete()
              .uri(URI.create(apiUrl + "/rest/posts/" + encode(platformPostId)))
              .headers(h -> headers(h, account)));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() == 404) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /** Likes and comments from the post's social actions. */
  @Override
  public MetricsResult metrics(AccountCredentials account, String platformPostId) {
    JsonNode actions = get(account, "/rest/socialActions/" + encode(platformPostId)).body();
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("likes", actions.path("likesSummary").path("totalLikes").asLong(0));
    counters.put(
        "comments", actions.path("commentsSummary").path("aggregatedTotalComments").asLong(0));
    return new MetricsResult.Counted(counters, clock.instant());
  }

  /**
   * Others' comments on the member's recent posts and the replies under them (fetched for a comment
   * whose {@code commentsSummary} counts any), oldest first. A comment's id is its URN, {@code
   * urn:li:comment:({post},{id})}, which every comment action needs; LinkedIn names authors by URN
   * only. The member's own comments are left out: the inbox stores its replies when it sends them.
   */
  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    String person = person(account);
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode post : recentPosts(account, person).path("elements")) {
      String urn = JsonText.of(post, "id");
      for (JsonNode comment : commentsOn(account, urn)) {
        add(comments, comment, urn, person);
        if (comment.path("commentsSummary").path("totalFirstLevelComments").asLong(0) > 0) {
          for (JsonNode reply : commentsOn(account, commentUrn(comment, urn))) {
            add(comments, reply, urn, person);
          }
        }
      }
    }
    comments.sort(Comparator.comparing(PlatformComment::createdAt));
    return comments;
  }

  /** Comments on the member's posts: listed, answered, liked and, the member's own, deleted. */
  @Override
  public Set<InboxOperation> inboxOperations() {
    return INBOX_OPERATIONS;
  }

  /**
   * {@code POST /rest/socialActions/{comment urn}/comments {actor, object, message,
   * parentComment}}: the member answers under the comment; returns the answer's comment URN.
   */
  @Override
  public String replyToComment(AccountCredentials account, String platformCommentId, String text) {
    String post = postOf(platformCommentId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("actor", person(account));
    body.put("object", post);
    body.put("message", Map.of("text", text == null ? "" : text));
    body.put("parentComment", platformCommentId);
    PlatformResponse created =
        http.call(
            client
                .post()
                .uri(
                    URI.create(
                        apiUrl + "/rest/socialActions/" + encode(platformCommentId) + "/comments"))
                .headers(h -> headers(h, account))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body));
    String urn = JsonText.of(created.body(), "$URN");
    if (urn != null && !urn.isBlank()) {
      return urn;
    }
    String id = JsonText.of(created.body(), "id");
    if (id == null) {
      id = created.headers().getFirst("x-restli-id");
    }
    if (id == null || id.isBlank()) {
      throw new PermanentPlatformException(
          Platform.LINKEDIN, created.status(), "LinkedIn answered without the comment's id", null);
    }
    return "urn:li:comment:(" + post + "," + id + ")";
  }

  /**
   * A like is a reaction: {@code POST /rest/reactions?actor= {root, reactionType: LIKE}}, undone by
   * {@code DELETE /rest/reactions/(actor:…,entity:…)}; a like already gone is unliked.
   */
  @Override
  public void likeComment(AccountCredentials account, String platformCommentId, boolean liked) {
    String actor = person(account);
    if (liked) {
      http.call(
          client
              .post()
              .uri(URI.create(apiUrl + "/rest/reactions?actor=" + encode(actor)))
              .headers(h -> headers(h, account))
              .contentType(MediaType.APPLICATION_JSON)
              .body(Map.of("root", platformCommentId, "reactionType", "LIKE")));
      return;
    }
    try {
      http.call(
          client
              .delete()
              .uri(
                  URI.create(
                      apiUrl
                          + "/rest/reactions/(actor:"
                          + encode(actor)
                          + ",entity:"
                          + encode(platformCommentId)
                          + ")"))
              .headers(h -> headers(h, account)));
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }

  /** LinkedIn lets a comment's author delete it: the inbox deletes the member's own replies. */
  @Override
  public boolean deletesOwnCommentsOnly() {
    return true;
  }

  /**
   * {@code DELETE /rest/socialActions/{post urn}/comments/{comment id}?actor=}; a comment LinkedIn
   * no longer has is already deleted.
   */
  @Override
  public void deleteComment(AccountCredentials account, String platformCommentId) {
    String post = postOf(platformCommentId);
    String id =
        platformCommentId.substring(platformCommentId.lastIndexOf(',') + 1).replace(")", "");
    try {
      http.call(
          client
              .delete()
              .uri(
                  URI.create(
                      apiUrl
                          + "/rest/socialActions/"
                          + encode(post)
                          + "/comments/"
                          + encode(id)
                          + "?actor="
                          + encode(person(account))))
              .headers(h -> headers(h, account)));
    } catch (PermanentPlatformException e) {
      if (e.httpStatus() != 404) {
        throw e;
      }
    }
  }

  private JsonNode commentsOn(AccountCredentials account, String urn) {
    return get(account, "/rest/socialActions/" + encode(urn) + "/comments").body().path("elements");
  }

  private static void add(
      List<PlatformComment> comments, JsonNode comment, String post, String person) {
    String actor = JsonText.of(comment, "actor");
    if (person.equals(actor)) {
      return;
    }
    comments.add(
        new PlatformComment(
            commentUrn(comment, post),
            post,
            JsonText.of(comment, "parentComment"),
            actor,
            null,
            JsonText.of(comment.path("message"), "text"),
            Instant.ofEpochMilli(comment.path("created").path("time").asLong(0))));
  }

  /** The comment's {@code $URN}, else {@code urn:li:comment:({post},{id})}. */
  private static String commentUrn(JsonNode comment, String post) {
    String urn = JsonText.of(comment, "$URN");
    return urn != null && !urn.isBlank()
        ? urn
        : "urn:li:comment:(" + post + "," + JsonText.of(comment, "id") + ")";
  }

  /** The post (or activity) a {@code urn:li:comment:({post},{id})} is on. */
  static String postOf(String commentUrn) {
    String prefix = "urn:li:comment:(";
    int comma = commentUrn == null ? -1 : commentUrn.lastIndexOf(',');
    if (commentUrn == null
        || !commentUrn.startsWith(prefix)
        || !commentUrn.endsWith(")")
        || comma < 0) {
      throw new PermanentPlatformException(
          Platform.LINKEDIN,
          0,
          "not a LinkedIn comment URN (urn:li:comment:(post,id)): " + commentUrn,
          null);
    }
    return commentUrn.substring(prefix.length(), comma);
  }

  private static String person(AccountCredentials account) {
    return "urn:li:person:" + account.platformAccountId();
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    return BlockingPublish.run(this, account, request, processingTimeout);
  }

  /**
   * The commentary in little text format: each reserved character backslash-escaped, so LinkedIn
   * shows the text as written instead of cutting it at the first {@code (} or {@code #}.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (RESERVED.indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  /** Registers the image, PUTs its bytes to LinkedIn's upload URL; answers the image URN. */
  private String uploadImage(AccountCredentials account, String owner, MediaAttachment media) {
    JsonNode value =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/rest/images?action=initializeUpload")
                    .headers(h -> headers(h, account))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("initializeUploadRequest", Map.of("owner", owner))))
            .body()
            .path("value");
    PlatformHttp.Download file = http.download(client, media.url());
    http.call(
        client
            .put()
            .uri(URI.create(JsonText.of(value, "uploadUrl")))
            .headers(h -> h.setBearerAuth(account.accessToken()))
            .contentType(MediaType.APPLICATION_OCTET_STREAM)
            .body(file.bytes()));
    return JsonText.of(value, "image");
  }

  /**
   * Videos API: {@code initializeUpload} with the size, a PUT of each part LinkedIn asked for (its
   * byte range), {@code finalizeUpload} with the parts' ETags; answers the video URN, polled at
   * {@code /rest/videos/{urn}} until {@code AVAILABLE}. An interrupted step leaves an unused video,
   * never a post.
   */
  private String uploadVideo(AccountCredentials account, String owner, MediaAttachment media) {
    PlatformHttp.Download file = http.download(client, media.url());
    byte[] bytes = file.bytes();
    JsonNode value =
        http.call(
                client
                    .post()
                    .uri(apiUrl + "/rest/videos?action=initializeUpload")
                    .headers(h -> headers(h, account))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(
                        Map.of(
                            "initializeUploadRequest",
                            Map.of(
                                "owner",
                                owner,
                                "fileSizeBytes",
                                bytes.length,
                                "uploadCaptions",
                                false,
                                "uploadThumbnail",
                                false))))
            .body()
            .path("value");
    String video = JsonText.of(value, "video");
    List<String> etags = new java.util.ArrayList<>();
    for (JsonNode part : value.path("uploadInstructions")) {
      int first = (int) part.path("firstByte").asLong(0);
      int last = (int) Math.min(part.path("lastByte").asLong(bytes.length - 1), bytes.length - 1);
      byte[] chunk = java.util.Arrays.copyOfRange(bytes, first, last + 1);
      PlatformResponse uploaded =
          http.call(
              client
                  .put()
                  .uri(URI.create(JsonText.of(part, "uploadUrl")))
                  .headers(h -> h.setBearerAuth(account.accessToken()))
                  .contentType(MediaType.APPLICATION_OCTET_STREAM)
                  .body(chunk));
      String etag = uploaded.headers().getFirst(HttpHeaders.ETAG);
      etags.add(etag == null ? "" : etag);
    }
    String token = value.path("uploadToken").asString("");
    http.call(
        client
            .post()
            .uri(apiUrl + "/rest/videos?action=finalizeUpload")
            .headers(h -> headers(h, account))
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                Map.of(
                    "finalizeUploadRequest",
                    Map.of("video", video, "uploadToken", token, "uploadedPartIds", etags))));
    return video;
  }

  private PlatformResponse createPost(
      AccountCredentials account, String author, String text, List<String> images) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("author", author);
    body.put("commentary", escape(text));
    body.put("visibility", "PUBLIC");
    body.put(
        "distribution",
        Map.of(
            "feedDistribution",
            "MAIN_FEED",
            "targetEntities",
            List.of(),
            "thirdPartyDistributionChannels",
            List.of()));
    if (images.size() == 1) {
      body.put("content", Map.of("media", Map.of("id", images.get(0))));
    } else if (images.size() > 1) {
      body.put(
          "content",
          Map.of(
              "multiImage", Map.of("images", images.stream().map(i -> Map.of("id", i)).toList())));
    }
    body.put("lifecycleState", "PUBLISHED");
    body.put("isReshareDisabledByAuthor", false);
    return http.call(
        client
            .post()
            .uri(apiUrl + "/rest/posts")
            .headers(h -> headers(h, account))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body));
  }

  private JsonNode recentPosts(AccountCredentials account, String author) {
    return http.call(
            client
                .get()
                .uri(
                    URI.create(
                        apiUrl
                            + "/rest/posts?q=author&author="
                            + encode(author)
                            + "&count="
                            + recentPostLimit
                            + "&sortBy=LAST_MODIFIED"))
                .headers(h -> headers(h, account))
                .header("X-RestLi-Method", "FINDER"))
        .body();
  }

  private PlatformResponse get(AccountCredentials account, String path) {
    return http.call(client.get().uri(URI.create(apiUrl + path)).headers(h -> headers(h, account)));
  }

  /** The URN to post as: the member, or an organization by {@code platform_options}. */
  private static String author(AccountCredentials account, PublishRequest request) {
    Object option = request.options().get("author");
    String choice = option == null ? "person" : String.valueOf(option).trim();
    if (choice.startsWith("urn:li:person:") || choice.startsWith("urn:li:organization:")) {
      return choice;
    }
    if (choice.equals("organization")) {
      Object id = request.options().get(ORGANIZATION_ID);
      String organization = id != null ? String.valueOf(id) : account.setting(ORGANIZATION_ID);
      if (organization == null || organization.isBlank()) {
        throw new PermanentPlatformException(
            Platform.LINKEDIN,
            0,
            "posting as an organization needs platform_options.organization_id"
                + " (or the account's organization_id setting)",
            null);
      }
      return "urn:li:organization:" + organization.trim();
    }
    if (!choice.equals("person")) {
      throw new PermanentPlatformException(
          Platform.LINKEDIN,
          0,
          "platform_options.author must be person, organization or a person/organization URN",
          null);
    }
    return "urn:li:person:" + account.platformAccountId();
  }

  private void headers(HttpHeaders headers, AccountCredentials account) {
    headers.setBearerAuth(account.accessToken());
    headers.set("LinkedIn-Version", version);
    headers.set("X-Restli-Protocol-Version", "2.0.0");
  }

  private static String permalink(String urn) {
    return "https://www.linkedin.com/feed/update/" + urn;
  }

  private static String encode(String urn) {
    return URLEncoder.encode(urn, StandardCharsets.UTF_8);
  }

  private static boolean isVideo(MediaAttachment media) {
    if (media.contentType() != null) {
      return media.contentType().startsWith("video/");
    }
    String path = media.url().toLowerCase().replaceAll("[?#].*$", "");
    return path.endsWith(".mp4") || path.endsWith(".mov");
  }
}

package dev.omnipost.gateway.posts;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.Finding;
import dev.omnipost.connectors.rules.MediaFacts;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.connectors.rules.PostContent;
import dev.omnipost.events.Ids;
import dev.omnipost.gateway.posts.CreatePostRequest.TargetOverride;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a create-post request into the post and its per-account targets, or a 400 that says exactly
 * what is wrong: unknown accounts or media, a time in the past, or which account's copy breaks
 * which rule of its platform. Pure: the caller looks up accounts and media first. {@link #evaluate}
 * is the same work without the 400 for broken platform rules: {@code POST /v1/posts/validate}
 * answers its findings, so validation and creation always agree.
 */
final class PostComposer {

  static final int MAX_ACCOUNTS = 100;

  /** How far in the past {@code scheduled_at} may be and still mean "now", not a 400. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private PostComposer() {}

  /**
   * A target account as validation needs it; {@code settingKeys} name what the account supplies
   * itself (a Pinterest default {@code board_id}).
   */
  record AccountRef(String id, String platform, String status, Set<String> settingKeys) {}

  /** What the platform rule book says about one account's copy. */
  record TargetFindings(String accountId, String platform, List<Finding> findings) {}

  /**
   * The post as it would be stored and everything the rule books say about it; {@link #valid} when
   * no finding is an error.
   */
  record Evaluation(Composition composition, List<TargetFindings> findings) {
    boolean valid() {
      return findings.stream().noneMatch(t -> PlatformRules.hasErrors(t.findings()));
    }
  }

  enum Mode {
    NOW("publishing", "queued"),
    SCHEDULED("scheduled", "scheduled"),
    /** Scheduled, each target in its account's next free posting-queue slot. */
    QUEUED("scheduled", "scheduled"),
    DRAFT("draft", "draft");

    final String postStatus;
    final String targetStatus;

    Mode(String postStatus, String targetStatus) {
      this.postStatus = postStatus;
      this.targetStatus = targetStatus;
    }

    String tag() {
      return name().toLowerCase();
    }
  }

  /**
   * One account's copy; {@code dueAt} is when the scheduler claims it (null for a draft, and for a
   * queued post until {@link Composition#inSlots}).
   */
  record TargetDraft(
      String id,
      String accountId,
      String platform,
      String text,
      List<String> mediaIds,
      Instant dueAt) {}

  record Composition(
      String postId,
      Mode mode,
      String text,
      List<String> mediaIds,
      Instant scheduledAt,
      List<TargetDraft> targets) {

    /**
     * When the targets fall due, for a post whose targets share one time (now, its schedule, or
     * none for a draft): what an edit stores. A queued post has one time per target instead.
     */
    Instant sharedDueAt() {
      if (mode == Mode.QUEUED) {
        throw new IllegalStateException("a queued post has one due time per target");
      }
      return targets.isEmpty() ? null : targets.get(0).dueAt();
    }

    /**
     * The queued post with each target due in its account's slot, and the post scheduled at the
     * earliest of them.
     */
    Composition inSlots(Map<String, Instant> slots) {
      List<TargetDraft> placed =
          targets.stream()
              .map(
                  t ->
                      new TargetDraft(
                          t.id(),
                          t.accountId(),
                          t.platform(),
                          t.text(),
                          t.mediaIds(),
                          slots.get(t.accountId())))
              .toList();
      Instant first =
          placed.stream().map(TargetDraft::dueAt).min(Comparator.naturalOrder()).orElseThrow();
      return new Composition(postId, mode, text, mediaIds, first, placed);
    }
  }

  /** The ids the request refers to, to look up before {@link #compose}. */
  static List<String> accountIds(CreatePostRequest request) {
    requireText(request);
    List<String> ids = request.accountIds();
    if (ids == null || ids.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field",
          "account_ids needs at least one account",
          Map.of("field", "account_ids"));
    }
    if (ids.size() > MAX_ACCOUNTS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "account_ids may list at most " + MAX_ACCOUNTS + " accounts",
          Map.of("field", "account_ids", "max", MAX_ACCOUNTS));
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null || id.isBlank() || !unique.add(id)) {
        throw ApiException.invalid(
            "request.invalid_field",
            "account_ids must be distinct account ids",
            Map.of("field", "account_ids"));
      }
    }
    return List.copyOf(unique);
  }

  /** Every media id the post or its overrides use. */
  static Set<String> mediaIds(CreatePostRequest request) {
    Set<String> ids = new LinkedHashSet<>(listOrEmpty(request.mediaIds()));
    if (request.overrides() != null) {
      request.overrides().values().stream()
          .filter(o -> o != null && o.mediaIds() != null)
          .forEach(o -> ids.addAll(o.mediaIds()));
    }
    return ids;
  }

  static Composition compose(
      CreatePostRequest request,
      Map<String, AccountRef> accounts,
      Map<String, MediaFacts> knownMedia,
      Instant now,
      Duration horizon) {
    Evaluation evaluation = evaluate(request, accounts, knownMedia, now, horizon);
    List<Map<String, Object>> violations = new ArrayList<>();
    for (TargetFindings target : evaluation.findings()) {
      for (Finding finding : target.findings()) {
        if (finding.isError()) {
          violations.add(violation(target, finding));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw ApiException.invalid(
          "post.validation_failed",
          violations.size() == 1
              ? (String) violations.get(0).get("message")
              : "The post breaks " + violations.size() + " platform rules",
          Map.of("violations", violations));
    }
    return evaluation.composition();
  }

  /** A broken rule as the 400's {@code meta.violations} lists it. */
  static Map<String, Object> violation(TargetFindings target, Finding finding) {
    Map<String, Object> violation = new LinkedHashMap<>();
    violation.put("account_id", target.accountId());
    violation.put("platform", target.platform());
    violation.putAll(findingView(finding));
    return violation;
  }

  /** One finding as the API writes it. */
  static Map<String, Object> findingView(Finding finding) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("severity", finding.severity().id());
    view.put("code", finding.code());
    view.put("field", finding.field());
    view.put("message", finding.message());
    if (finding.limit() != null) {
      view.put("limit", finding.limit());
    }
    if (finding.actual() != null) {
      view.put("actual", finding.actual());
    }
    return view;
  }

  /**
   * Checks the request (a 400 for what no platform could take: unknown ids, a bad time) and runs
   * each target's copy through its platform's rule book, without refusing on the findings.
   */
  static Evaluation evaluate(
      CreatePostRequest request,
      Map<String, AccountRef> accounts,
      Map<String, MediaFacts> knownMedia,
      Instant now,
      Duration horizon) {
    List<String> accountIds = accountIds(request);
    List<String> unknown = accountIds.stream().filter(id -> !accounts.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "post.unknown_accounts",
          "No connected account with id " + String.join(", ", unknown) + " in this workspace",
          Map.of("field", "account_ids", "account_ids", unknown));
    }
    List<String> disconnected =
        accountIds.stream().filter(id -> !"connected".equals(accounts.get(id).status())).toList();
    if (!disconnected.isEmpty()) {
      throw ApiException.invalid(
          "post.account_not_connected",
          "Reconnect these accounts before posting: " + String.join(", ", disconnected),
          Map.of("field", "account_ids", "account_ids", disconnected));
    }
    List<String> missingMedia =
        mediaIds(request).stream().filter(id -> !knownMedia.containsKey(id)).toList();
    if (!missingMedia.isEmpty()) {
      throw ApiException.invalid(
          "post.unknown_media",
          "No media with id " + String.join(", ", missingMedia) + " in this workspace",
          Map.of("field", "media_ids", "media_ids", missingMedia));
    }
    Map<String, TargetOverride> overrides = checkedOverrides(request, accountIds);
    Mode mode = mode(request);
    Instant scheduledAt = scheduledAt(request.scheduledAt(), now, horizon);
    if (mode == Mode.SCHEDULED && !scheduledAt.isAfter(now)) {
      scheduledAt = null; // within the clock skew allowed: it publishes now
      mode = Mode.NOW;
    }
    Instant dueAt =
        switch (mode) {
          case NOW -> now;
          case SCHEDULED -> scheduledAt;
          case QUEUED, DRAFT -> null;
        };
    List<TargetDraft> targets = new ArrayList<>();
    List<TargetFindings> findings = new ArrayList<>();
    for (String accountId : accountIds) {
      AccountRef account = accounts.get(accountId);
      TargetOverride byAccount = overrides.get(accountId);
      TargetOverride byPlatform = overrides.get(account.platform());
      String text =
          firstNonNull(
              byAccount == null ? null : byAccount.text(),
              byPlatform == null ? null : byPlatform.text(),
              request.text());
      List<String> media =
          firstNonNull(
              byAccount == null ? null : byAccount.mediaIds(),
              byPlatform == null ? null : byPlatform.mediaIds(),
              listOrEmpty(request.mediaIds()));
      List<Finding> found =
          Platform.fromId(account.platform())
              .map(PlatformRules::of)
              .map(
                  rules ->
                      rules.check(
                          new PostContent(
                              text,
                              media.stream().map(knownMedia::get).toList(),
                              options(request, rules.platform()),
                              account.settingKeys())))
              .orElse(List.of());
      findings.add(new TargetFindings(accountId, account.platform(), found));
      targets.add(
          new TargetDraft(
              Ids.newId("tgt"), accountId, account.platform(), text, List.copyOf(media), dueAt));
    }
    Composition composition =
        new Composition(
            Ids.newId("post"),
            mode,
            request.text(),
            listOrEmpty(request.mediaIds()),
            scheduledAt,
            targets);
    return new Evaluation(composition, findings);
  }

  /** The request's {@code platform_options} for one platform, as plain values. */
  private static Map<String, Object> options(CreatePostRequest request, Platform platform) {
    if (request.platformOptions() == null) {
      return Map.of();
    }
    JsonNode node = request.platformOptions().get(platform.id());
    if (node == null || !node.isObject()) {
      return Map.of();
    }
    Map<String, Object> options = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> option : node.properties()) {
      JsonNode value = option.getValue();
      if (value == null || value.isNull()) {
        continue;
      }
      Object plain;
      if (value.isString()) {
        plain = value.asString();
      } else if (value.isNumber()) {
        plain = value.numberValue();
      } else if (value.isBoolean()) {
        plain = value.booleanValue();
      } else {
        plain = value.toString();
      }
      options.put(option.getKey(), plain);
    }
    return options;
  }

  private static Mode mode(CreatePostRequest request) {
    boolean draft = Boolean.TRUE.equals(request.draft());
    if (Boolean.TRUE.equals(request.queue())) {
      if (draft || request.scheduledAt() != null) {
        throw ApiException.invalid(
            "request.invalid_field",
            "queue: true picks each account's next free queue slot; send it without "
                + (draft ? "draft: true" : "scheduled_at"),
            Map.of("field", "queue"));
      }
      return Mode.QUEUED;
    }
    if (draft) {
      return Mode.DRAFT;
    }
    return request.scheduledAt() == null ? Mode.NOW : Mode.SCHEDULED;
  }

  private static void requireText(CreatePostRequest request) {
    if (request.text() == null || request.text().isBlank()) {
      throw ApiException.invalid(
          "request.missing_field", "text is required", Map.of("field", "text"));
    }
  }

  private static Map<String, TargetOverride> checkedOverrides(
      CreatePostRequest request, List<String> accountIds) {
    if (request.overrides() == null) {
      return Map.of();
    }
    for (String key : request.overrides().keySet()) {
      boolean known = accountIds.contains(key) || Platform.ids().contains(key);
      if (!known) {
        throw ApiException.invalid(
            "post.invalid_override",
            "overrides keys must be one of the post's account ids or a platform id; '"
                + key
                + "' is neither",
            Map.of("field", "overrides." + key, "valid_values", Platform.ids()));
      }
    }
    Map<String, TargetOverride> copy = new LinkedHashMap<>();
    request
        .overrides()
        .forEach(
            (key, value) -> {
              if (value != null) {
                copy.put(key, value);
              }
            });
    return copy;
  }

  /**
   * {@code scheduled_at} as an instant; a time up to {@link #CLOCK_SKEW} in the past is still
   * accepted (the client's clock may be a little behind), anything older is a 400, and so is a time
   * more than {@code horizon} ahead.
   */
  static Instant scheduledAt(String value, Instant now, Duration horizon) {
    Instant at = Timestamps.parseSchedule("scheduled_at", value, now, horizon);
    if (at != null && at.isBefore(now.minus(CLOCK_SKEW))) {
      throw ApiException.invalid(
          "post.scheduled_at_in_past",
          "scheduled_at must be in the future (it is " + at + ", now is " + now + ")",
          Map.of("field", "scheduled_at", "now", now.toString()));
    }
    return at;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static <T> List<T> listOrEmpty(List<T> values) {
    return values == null ? List.of() : values;
  }
}

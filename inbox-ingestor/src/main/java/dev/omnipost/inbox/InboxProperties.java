package dev.omnipost.inbox;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inbox-ingestor ({@code omnipost.inbox.*}).
 *
 * @param syncEnabled whether this instance runs sync rounds at all
 * @param syncInterval pause between the end of one sync round and the start of the next; an account
 *     is also not synced again (by any instance) until half of it has passed
 * @param accountsPerRound at most this many accounts are synced per round, least recently first
 * @param commentPlatforms platforms whose comments are synced (those with a comments API)
 * @param mentionPlatforms platforms whose mentions are synced (their connector must list them)
 * @param messagePlatforms platforms whose direct messages are synced (their connector must list
 *     them)
 * @param paceByRateBudget whether an account's syncs are spaced by its platform's rate budget
 * @param rateBudgetShare the share of a platform's per-account budget one kind's syncs may use,
 *     counting each sync as one call: an account is synced again after {@code window / (calls ×
 *     share)} at the earliest (and never before half the interval)
 * @param actions how inbox actions are retried
 * @param meta the Meta (Instagram, Facebook) webhook subscription
 * @param reviewPlatforms platforms whose reviews are synced (their connector must list them)
 * @param x X's Account Activity webhook
 */
@ConfigurationProperties("omnipost.inbox")
public record InboxProperties(
    @DefaultValue("true") boolean syncEnabled,
    @DefaultValue("30s") Duration syncInterval,
    @DefaultValue("200") int accountsPerRound,
    @DefaultValue({"instagram", "facebook", "youtube", "mastodon", "twitter", "linkedin"})
        List<String> commentPlatforms,
    @DefaultValue({"instagram", "twitter", "mastodon"}) List<String> mentionPlatforms,
    @DefaultValue({"instagram", "facebook", "twitter"}) List<String> messagePlatforms,
    @DefaultValue("true") boolean paceByRateBudget,
    @DefaultValue("0.25") double rateBudgetShare,
    @DefaultValue Actions actions,
    @DefaultValue Meta meta,
    @DefaultValue({"google_business", "facebook"}) List<String> reviewPlatforms,
    @DefaultValue X x) {

  public InboxProperties {
    if (!(rateBudgetShare > 0 && rateBudgetShare <= 1)) {
      throw new IllegalArgumentException(
          "omnipost.inbox.rate-budget-share must be above 0 and at most 1, not " + rateBudgetShare);
    }
  }

  /**
   * Retries of inbox actions whose platform fails transiently, through the retry topics.
   *
   * @param maxAttempts deliveries of one command in all, the first included
   * @param retryBackoff the delay before the first retry, doubled for each next one
   * @param maxRetryBackoff the longest delay between two attempts
   */
  public record Actions(
      @DefaultValue("4") int maxAttempts,
      @DefaultValue("1s") Duration retryBackoff,
      @DefaultValue("30s") Duration maxRetryBackoff) {}

  /**
   * Meta's webhooks to {@code /webhooks/meta}: the app secret that signs each POST ({@code
   * X-Hub-Signature-256}) and the verify token of the subscription handshake. Left blank, the
   * endpoint answers 404 (not configured).
   *
   * @param maxAge an entry older than this (its {@code time}) is refused as a replay
   */
  public record Meta(
      @DefaultValue("") String appSecret,
      @DefaultValue("") String verifyToken,
      @DefaultValue("10m") Duration maxAge) {

    public boolean configured() {
      return appSecret != null
          && !appSecret.isBlank()
          && verifyToken != null
          && !verifyToken.isBlank();
    }
  }

  /**
   * X's Account Activity webhook at {@code /webhooks/x}: the app's consumer secret (API secret)
   * answers the CRC challenge and verifies {@code x-twitter-webhooks-signature}. Left blank, the
   * endpoint answers 404 (not configured).
   */
  public record X(@DefaultValue("") String consumerSecret) {

    public boolean configured() {
      return consumerSecret != null && !consumerSecret.isBlank();
    }
  }
}

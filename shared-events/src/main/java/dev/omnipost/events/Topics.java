package dev.omnipost.events;

/**
 * Kafka topic names shared by every service, so a producer and its consumers can never disagree on
 * a spelling. Retry and dead-letter topics are derived by Spring Kafka from these names.
 */
public final class Topics {

  /** Every domain event of every workspace, as CloudEvents keyed by workspace id. */
  public static final String EVENTS = "omnipost.events";

  /** One command per post target to publish, keyed by account id for per-account ordering. */
  public static final String PUBLISH_COMMANDS = "omnipost.publish-commands";

  /** One command per AI generation to run, keyed by workspace id. */
  public static final String AI_GENERATION_REQUESTS = "omnipost.ai-generation-requests";

  /** One message per webhook delivery to attempt, keyed by endpoint id. */
  public static final String WEBHOOK_DELIVERIES = "omnipost.webhook-deliveries";

  /**
   * One command per inbox action (reply, hide, like, ...) to perform on a platform, keyed by
   * account id so one account's actions run in the order they were asked for.
   */
  public static final String INBOX_ACTIONS = "omnipost.inbox-actions";

  private Topics() {}
}

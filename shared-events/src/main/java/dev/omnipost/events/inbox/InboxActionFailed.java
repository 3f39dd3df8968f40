package dev.omnipost.events.inbox;

/**
 * An inbox action could not be performed: the platform refused it, the account needs reconnecting,
 * every retry of a transient failure failed, or its outcome is unknown.
 *
 * @param code {@code platform_rejected}, {@code auth_expired}, {@code platform_rate_limited},
 *     {@code platform_unavailable}, {@code platform.unsupported_operation} or {@code
 *     inbox.action_unconfirmed}
 */
public record InboxActionFailed(
    String actionId,
    String accountId,
    String platform,
    String action,
    String itemId,
    String code,
    String message)
    implements InboxEvent {

  public static final String TYPE = "inbox.action.failed";

  @Override
  public String type() {
    return TYPE;
  }
}

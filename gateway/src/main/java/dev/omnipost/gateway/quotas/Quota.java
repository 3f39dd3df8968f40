package dev.omnipost.gateway.quotas;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The plan quotas of a workspace. The {@link #id()} is the one name a quota has everywhere: in
 * {@code GET /v1/workspace} and {@code GET /v1/usage}, in the 402 {@code meta.quota}, in the admin
 * {@code PATCH} body, in {@code workspace_usage.quota} and (kebab-cased) in the plan settings.
 */
public enum Quota {
  /** Posts created per calendar month (UTC); each post counts once, however many accounts. */
  POSTS_PER_MONTH("posts_per_month", true),
  /** AI credits spent per calendar month (UTC): 1 per text generation, 2 per image. */
  AI_CREDITS_PER_MONTH("ai_credits_per_month", true),
  /** Bytes of media stored; goes down when media is deleted. */
  MEDIA_STORAGE_BYTES("media_storage_bytes", false),
  /** Webhook endpoints the workspace has. */
  WEBHOOK_ENDPOINTS("webhook_endpoints", false),
  /** API keys that are not revoked. */
  API_KEYS("api_keys", false);

  private final String id;
  private final boolean monthly;

  Quota(String id, boolean monthly) {
    this.id = id;
    this.monthly = monthly;
  }

  public String id() {
    return id;
  }

  /** Monthly quotas start again from zero each calendar month; the others are standing totals. */
  public boolean monthly() {
    return monthly;
  }

  public static Optional<Quota> fromId(String id) {
    return Arrays.stream(values()).filter(quota -> quota.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(Quota::id).toList();
  }
}

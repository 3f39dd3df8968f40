package dev.omnipost.gateway.quotas;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The named plans and their default limits ({@code omnipost.quotas.plans.<name>.*}); an operator
 * overrides single limits per workspace with {@code PATCH /v1/admin/workspaces/{id}}. A limit left
 * unset means unlimited.
 *
 * @param defaultPlan the plan of a workspace created without one, and of a workspace whose stored
 *     plan is no longer configured
 */
@ConfigurationProperties("omnipost.quotas")
public record QuotaProperties(
    @DefaultValue("agency") String defaultPlan, Map<String, PlanLimits> plans) {

  public QuotaProperties {
    plans = plans == null ? Map.of() : Map.copyOf(plans);
    if (!plans.containsKey(defaultPlan)) {
      throw new IllegalArgumentException(
          "omnipost.quotas.default-plan '"
              + defaultPlan
              + "' is not one of omnipost.quotas.plans "
              + plans.keySet());
    }
  }

  /** The configured plan names, sorted. */
  public List<String> planNames() {
    return plans.keySet().stream().sorted().toList();
  }

  public boolean hasPlan(String name) {
    return plans.containsKey(name);
  }

  /** The limits of {@code plan}, or of the default plan when it is not configured. */
  PlanLimits limitsOf(String plan) {
    PlanLimits limits = plans.get(plan);
    return limits != null ? limits : plans.get(defaultPlan);
  }

  /**
   * One plan's default limits; an unset limit is unlimited.
   *
   * @param description what the plan is for (also what makes a plan with no limits at all exist)
   */
  public record PlanLimits(
      String description,
      Long postsPerMonth,
      Long aiCreditsPerMonth,
      DataSize mediaStorageBytes,
      Long webhookEndpoints,
      Long apiKeys) {

    Long limit(Quota quota) {
      return switch (quota) {
        case POSTS_PER_MONTH -> postsPerMonth;
        case AI_CREDITS_PER_MONTH -> aiCreditsPerMonth;
        case MEDIA_STORAGE_BYTES -> mediaStorageBytes == null ? null : mediaStorageBytes.toBytes();
        case WEBHOOK_ENDPOINTS -> webhookEndpoints;
        case API_KEYS -> apiKeys;
      };
    }
  }
}

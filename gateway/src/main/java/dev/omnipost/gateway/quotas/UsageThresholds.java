package dev.omnipost.gateway.quotas;

import java.util.ArrayList;
import java.util.List;

/**
 * The usage levels announced with a {@code usage.limit_reached} event: 80 % and 100 % of a limit.
 */
final class UsageThresholds {

  static final int[] PERCENTS = {80, 100};

  private UsageThresholds() {}

  /** The thresholds {@code used} has reached that are above {@code announced}, lowest first. */
  static List<Integer> newlyReached(long used, long limit, int announced) {
    List<Integer> reached = new ArrayList<>();
    for (int percent : PERCENTS) {
      if (percent > announced && reached(used, limit, percent)) {
        reached.add(percent);
      }
    }
    return reached;
  }

  /** The highest threshold {@code used} still meets (0 if none), to re-arm after a release. */
  static int highestMet(long used, long limit) {
    int highest = 0;
    for (int percent : PERCENTS) {
      if (reached(used, limit, percent)) {
        highest = percent;
      }
    }
    return highest;
  }

  private static boolean reached(long used, long limit, int percent) {
    // a zero limit is "not allowed at all", not a limit one can approach; limits are at most
    // QuotaLimits.MAX_LIMIT, so the products cannot overflow
    return limit > 0 && used * 100 >= limit * percent;
  }
}

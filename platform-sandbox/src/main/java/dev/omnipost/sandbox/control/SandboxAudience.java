package dev.omnipost.sandbox.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Each account's audience as the platforms report it in account insights: followers grow with the
 * time since the sandbox first answered for the account (100, then one more every second), and a
 * day's reach is three times the followers, so tests can watch a later snapshot show more.
 */
@Component
public class SandboxAudience implements dev.omnipost.sandbox.state.PersistentState {

  private final Clock clock = Clock.systemUTC();
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  public long followers(SandboxAccount account) {
    Instant first =
        firstSeen.computeIfAbsent(
            account.platform() + "/" + account.accountId(), key -> clock.instant());
    return 100 + Duration.between(first, clock.instant()).toSeconds();
  }

  public long reach(SandboxAccount account) {
    return followers(account) * 3;
  }

  @Override
  public String stateName() {
    return "audience";
  }
}

package dev.omnipost.sandbox.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The accounts each simulated platform knows, and their tokens. */
@Component
public class SandboxAccounts implements Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "accounts";
  }

  private final Map<String, SandboxAccount> byKey = new ConcurrentHashMap<>();
  // tokens issued through the sandbox's OAuth endpoints expire; tokens registered directly do not
  private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
  private final Clock clock;

  SandboxAccounts(Clock clock) {
    this.clock = clock;
  }

  /** Registers or replaces an account: registering the same account twice is harmless. */
  public SandboxAccount register(SandboxAccount account) {
    byKey.put(key(account.platform(), account.accountId()), account);
    return account;
  }

  public Optional<SandboxAccount> find(String platform, String accountId) {
    return Optional.ofNullable(byKey.get(key(platform, accountId)));
  }

  public Optional<SandboxAccount> findByToken(String platform, String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return byKey.values().stream()
        .filter(a -> a.platform().equals(platform) && a.accessToken().equals(token))
        .filter(a -> !expired(platform, token))
        .findFirst();
  }

  /** The platform's account with this username (a Bluesky handle, say). */
  public Optional<SandboxAccount> findByUsername(String platform, String username) {
    if (username == null || username.isBlank()) {
      return Optional.empty();
    }
    return byKey.values().stream()
        .filter(a -> a.platform().equals(platform) && username.equalsIgnoreCase(a.username()))
        .findFirst();
  }

  /** From {@code expiresAt} on, the token is unknown to the platform's API, as an expired one. */
  public void expireTokenAt(String platform, String token, Instant expiresAt) {
    tokenExpiry.put(platform + "/" + token, expiresAt);
  }

  private boolean expired(String platform, String token) {
    Instant expiresAt = tokenExpiry.get(platform + "/" + token);
    return expiresAt != null && !clock.instant().isBefore(expiresAt);
  }

  @Override
  public void reset() {
    byKey.clear();
    tokenExpiry.clear();
  }

  private static String key(String platform, String accountId) {
    return platform + "/" + accountId;
  }
}

package dev.omnipost.sandbox.control;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The accounts each simulated platform knows, and their tokens. */
@Component
public class SandboxAccounts implements Resettable {

  private final Map<String, SandboxAccount> byKey = new ConcurrentHashMap<>();

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

  @Override
  public void reset() {
    byKey.clear();
  }

  private static String key(String platform, String accountId) {
    return platform + "/" + accountId;
  }
}

package dev.omnipost.sandbox.control;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What tests and the local stack can do to the sandbox: register accounts, see what was published,
 * make calls fail, start over. The HTTP control API and the in-process {@code PlatformSandbox}
 * handle both go through here.
 */
@Component
public class SandboxControl {

  private final SandboxAccounts accounts;
  private final InjectedFailures failures;
  private final List<SandboxPostSource> postSources;
  private final List<Resettable> state;
  private final SandboxLatency latency;

  SandboxControl(
      SandboxAccounts accounts,
      InjectedFailures failures,
      List<SandboxPostSource> postSources,
      List<Resettable> state,
      SandboxLatency latency) {
    this.accounts = accounts;
    this.failures = failures;
    this.postSources = postSources;
    this.state = state;
    this.latency = latency;
  }

  /** Media uploads and containers, oldest first, optionally for one platform and one account. */
  public List<SandboxUpload> uploads(String platform, String accountId) {
    return postSources.stream()
        .filter(
            source -> platform == null || platform.isBlank() || source.platform().equals(platform))
        .flatMap(source -> source.uploads(blankToNull(accountId)).stream())
        .sorted(Comparator.comparing(SandboxUpload::createdAt))
        .toList();
  }

  /** Every later API call to {@code platform} answers after {@code setting}'s delay. */
  public void latency(String platform, SandboxLatency.Setting setting) {
    requirePlatform(platform);
    latency.set(platform, setting);
  }

  public SandboxLatency.Setting latency(String platform) {
    requirePlatform(platform);
    return latency.get(platform);
  }

  /** The platforms this sandbox simulates, by their Omnipost ids. */
  public Set<String> platforms() {
    return postSources.stream().map(SandboxPostSource::platform).collect(Collectors.toSet());
  }

  public SandboxAccount registerAccount(SandboxAccount account) {
    requireText(account.accountId(), "account_id");
    requireText(account.accessToken(), "access_token");
    requirePlatform(account.platform());
    String username =
        account.username() == null || account.username().isBlank()
            ? "user" + account.accountId()
            : account.username();
    return accounts.register(
        new SandboxAccount(
            account.platform(), account.accountId(), username, account.accessToken()));
  }

  /** Published posts, oldest first, optionally for one platform and one account. */
  public List<SandboxPost> posts(String platform, String accountId) {
    return postSources.stream()
        .filter(
            source -> platform == null || platform.isBlank() || source.platform().equals(platform))
        .flatMap(source -> source.posts(blankToNull(accountId)).stream())
        .sorted(Comparator.comparing(SandboxPost::createdAt))
        .toList();
  }

  /** Makes the account's next {@code count} calls answer with {@code failure}. */
  public void failNext(String platform, String accountId, InjectedFailure failure, int count) {
    requirePlatform(platform);
    requireText(accountId, "account_id");
    if (failure.status() < 400 || failure.status() > 599) {
      throw new IllegalArgumentException("status must be an HTTP error status (400-599)");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    failures.add(platform, accountId, failure, count);
  }

  public void reset() {
    state.forEach(Resettable::reset);
  }

  private void requirePlatform(String platform) {
    if (platform == null || !platforms().contains(platform)) {
      throw new IllegalArgumentException("platform must be one of " + platforms());
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}

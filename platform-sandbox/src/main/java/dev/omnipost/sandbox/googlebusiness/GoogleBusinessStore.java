package dev.omnipost.sandbox.googlebusiness;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The local posts of the simulated Business Profile locations, by resource name. */
@Component
class GoogleBusinessStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "google-business";
  }

  @Override
  public String pathSegment() {
    return "google-business";
  }

  static final String PLATFORM = "google_business";

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(5_000_000_000_000L);
  private final Map<String, LocalPost> posts = new LinkedHashMap<>();

  GoogleBusinessStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  /** Creates a post under {@code accounts/{a}/locations/{l}}; {@code json} is what it shows. */
  synchronized LocalPost create(String accountId, String location, Map<String, Object> json) {
    String name = location + "/localPosts/" + ids.incrementAndGet();
    LocalPost post = new LocalPost(name, accountId, location, json, clock.instant());
    posts.put(name, post);
    return post;
  }

  synchronized Optional<LocalPost> post(String name) {
    return Optional.ofNullable(posts.get(name));
  }

  synchronized boolean delete(String name) {
    return posts.remove(name) != null;
  }

  /** The location's posts, newest first. */
  synchronized List<LocalPost> posts(String location, int limit) {
    return posts.values().stream()
        .filter(p -> p.location().equals(location))
        .sorted(Comparator.comparing(LocalPost::createTime).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (LocalPost post : posts.values()) {
      if (accountId == null || post.accountId().equals(accountId)) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> media =
            (List<Map<String, Object>>) post.json().getOrDefault("media", List.of());
        list.add(
            new SandboxPost(
                PLATFORM,
                post.accountId(),
                post.name(),
                (String) post.json().get("summary"),
                media.stream().map(m -> String.valueOf(m.get("sourceUrl"))).toList(),
                null,
                post.createTime(),
                searchUrl(post)));
      }
    }
    return list;
  }

  @Override
  public synchronized void reset() {
    posts.clear();
  }

  static String searchUrl(LocalPost post) {
    return "https://local.google.com/place?id="
        + post.location().replaceAll("\\D+", "")
        + "&use=posts&lpsid="
        + post.name().substring(post.name().lastIndexOf('/') + 1);
  }

  record LocalPost(
      String name, String accountId, String location, Map<String, Object> json, Instant createTime)
      implements java.io.Serializable {}
}

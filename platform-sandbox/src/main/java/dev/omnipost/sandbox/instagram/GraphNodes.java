package dev.omnipost.sandbox.instagram;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders Graph nodes with only the requested {@code fields}, as Graph does; asking for a field a
 * node does not have is an error, so connector mistakes show up in tests.
 */
final class GraphNodes {

  /** Graph writes times as {@code 2017-05-04T17:15:50+0000}. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

  private GraphNodes() {}

  static Map<String, Object> container(InstagramStore.Container c, String fields) {
    Map<String, Function<InstagramStore.Container, Object>> available = new LinkedHashMap<>();
    available.put("id", x -> x.id);
    available.put("status_code", x -> x.state);
    available.put("status", InstagramStore.Container::statusText);
    return select("ShadowIGMediaBuilder", c, fields, available);
  }

  static Map<String, Object> media(InstagramStore.Media m, String fields, int commentsCount) {
    Map<String, Function<InstagramStore.Media, Object>> available = new LinkedHashMap<>();
    available.put("id", InstagramStore.Media::id);
    available.put("caption", InstagramStore.Media::caption);
    available.put("media_type", InstagramStore.Media::mediaType);
    available.put("media_product_type", x -> "FEED");
    available.put("media_url", x -> x.mediaUrls().get(0));
    available.put("permalink", InstagramStore.Media::permalink);
    available.put("shortcode", InstagramStore.Media::shortcode);
    available.put("timestamp", x -> TIMESTAMP.format(x.timestamp()));
    available.put("username", InstagramStore.Media::username);
    available.put("comments_count", x -> commentsCount);
    available.put("like_count", x -> 0);
    available.put("is_comment_enabled", x -> true);
    return select("IGMedia", m, fields, available);
  }

  static Map<String, Object> comment(InstagramStore.Comment c, String fields) {
    return comment(c, false, fields);
  }

  static Map<String, Object> comment(InstagramStore.Comment c, boolean hidden, String fields) {
    Map<String, Function<InstagramStore.Comment, Object>> available = new LinkedHashMap<>();
    available.put("id", InstagramStore.Comment::id);
    available.put("text", InstagramStore.Comment::text);
    available.put("username", InstagramStore.Comment::username);
    available.put("timestamp", x -> TIMESTAMP.format(x.timestamp()));
    available.put("from", x -> Map.of("id", x.fromId(), "username", x.username()));
    available.put("media", x -> Map.of("id", x.mediaId()));
    available.put("like_count", x -> 0);
    available.put("hidden", x -> hidden);
    available.put("parent_id", InstagramStore.Comment::parentId);
    return select("IGComment", c, fields == null ? "id,text,timestamp" : fields, available);
  }

  static Map<String, Object> tag(InstagramStore.Tag t, String fields) {
    Map<String, Function<InstagramStore.Tag, Object>> available = new LinkedHashMap<>();
    available.put("id", InstagramStore.Tag::id);
    available.put("caption", InstagramStore.Tag::caption);
    available.put("username", InstagramStore.Tag::username);
    available.put("permalink", InstagramStore.Tag::permalink);
    available.put("media_type", x -> "IMAGE");
    available.put("timestamp", x -> TIMESTAMP.format(x.timestamp()));
    return select("IGMedia", t, fields, available);
  }

  static Map<String, Object> user(
      SandboxAccount account, String fields, int mediaCount, long followers) {
    Map<String, Function<SandboxAccount, Object>> available = new LinkedHashMap<>();
    available.put("followers_count", x -> followers);
    available.put("id", SandboxAccount::accountId);
    available.put("username", SandboxAccount::username);
    available.put("name", SandboxAccount::username);
    available.put("media_count", x -> mediaCount);
    return select("IGUser", account, fields, available);
  }

  private static <T> Map<String, Object> select(
      String nodeType, T node, String fields, Map<String, Function<T, Object>> available) {
    List<String> wanted =
        fields == null || fields.isBlank()
            ? List.of("id")
            : Arrays.stream(fields.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList();
    Map<String, Object> json = new LinkedHashMap<>();
    for (String field : wanted) {
      Function<T, Object> value = available.get(field);
      if (value == null) {
        throw GraphError.nonexistingField(field, nodeType);
      }
      Object v = value.apply(node);
      if (v != null) {
        json.put(field, v);
      }
    }
    json.putIfAbsent("id", available.get("id").apply(node));
    return json;
  }
}

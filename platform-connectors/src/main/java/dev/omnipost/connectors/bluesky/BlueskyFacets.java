package dev.omnipost.connectors.bluesky;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rich-text facets of a post: links, mentions and hashtags, each located by its UTF-8 byte
 * range in the text ({@code index.byteStart} inclusive, {@code byteEnd} exclusive), as the {@code
 * app.bsky.richtext.facet} lexicon requires; Java's UTF-16 indices would be wrong for any text with
 * an accent or an emoji before the link. A mention whose handle does not resolve stays plain text.
 */
final class BlueskyFacets {

  private static final Pattern URL = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);
  private static final Pattern MENTION =
      Pattern.compile(
          "(?<=^|[\\s(])@(([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)");
  private static final Pattern HASHTAG = Pattern.compile("(?<=^|\\s)#([^\\s#\\p{Punct}][^\\s#]*)");
  private static final String TRAILING_PUNCTUATION = ".,;:!?'\")]}>";

  private BlueskyFacets() {}

  /**
   * @param resolveHandle a handle's DID, or null when it does not resolve
   */
  static List<Map<String, Object>> of(String text, Function<String, String> resolveHandle) {
    List<Map<String, Object>> facets = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return facets;
    }
    Matcher url = URL.matcher(text);
    while (url.find()) {
      int end = url.end();
      while (end > url.start() && TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      facets.add(facet(text, url.start(), end, "link", "uri", text.substring(url.start(), end)));
    }
    Matcher mention = MENTION.matcher(text);
    while (mention.find()) {
      String handle = mention.group(1);
      String did = resolveHandle.apply(handle);
      if (did != null) {
        facets.add(facet(text, mention.start(), mention.end(), "mention", "did", did));
      }
    }
    Matcher tag = HASHTAG.matcher(text);
    while (tag.find()) {
      int end = tag.end();
      while (end > tag.start(1) && TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      if (end > tag.start(1) && !insideLink(facets, text, tag.start())) {
        facets.add(facet(text, tag.start(), end, "tag", "tag", text.substring(tag.start(1), end)));
      }
    }
    return facets;
  }

  /** The UTF-8 byte offset of the UTF-16 index {@code index}. */
  static int byteOffset(String text, int index) {
    return text.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean insideLink(List<Map<String, Object>> facets, String text, int index) {
    int at = byteOffset(text, index);
    for (Map<String, Object> facet : facets) {
      @SuppressWarnings("unchecked")
      Map<String, Integer> range = (Map<String, Integer>) facet.get("index");
      if (at >= range.get("byteStart") && at < range.get("byteEnd")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Object> facet(
      String text, int start, int end, String kind, String field, String value) {
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("byteStart", byteOffset(text, start));
    index.put("byteEnd", byteOffset(text, end));
    Map<String, Object> feature = new LinkedHashMap<>();
    feature.put("$type", "app.bsky.richtext.facet#" + kind);
    feature.put(field, value);
    Map<String, Object> facet = new LinkedHashMap<>();
    facet.put("index", index);
    facet.put("features", List.of(feature));
    return facet;
  }
}

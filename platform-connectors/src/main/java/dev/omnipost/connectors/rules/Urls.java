package dev.omnipost.connectors.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the URLs platforms count at a fixed length. Trailing punctuation belongs to the sentence,
 * not the link ("see https://example.com." counts the full stop), as the platforms' own link
 * extraction decides.
 */
final class Urls {

  private static final Pattern URL = Pattern.compile("https?://\\S+", Pattern.CASE_INSENSITIVE);
  private static final String TRAILING_PUNCTUATION = ".,;:!?'\")]}>";

  private Urls() {}

  /** Start (inclusive) and end (exclusive) of each URL, in order. */
  static List<int[]> find(String text) {
    List<int[]> urls = new ArrayList<>();
    Matcher matcher = URL.matcher(text);
    while (matcher.find()) {
      int end = matcher.end();
      while (end > matcher.start() && TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      int hostStart = text.indexOf("://", matcher.start()) + 3;
      if (end > hostStart) {
        urls.add(new int[] {matcher.start(), end});
      }
    }
    return urls;
  }
}

package dev.omnipost.aiworker.providers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding, cleaning and removing hashtags in post text. */
public final class Hashtags {

  private static final Pattern HASHTAG = Pattern.compile("#[\\p{L}\\p{N}_]+");
  private static final Pattern TRAILING_TAGS =
      Pattern.compile("(\\s*#[\\p{L}\\p{N}_]+)+\\s*$", Pattern.UNICODE_CHARACTER_CLASS);

  private Hashtags() {}

  /** The hashtags in a text, in order, as written. */
  public static List<String> in(String text) {
    List<String> tags = new ArrayList<>();
    Matcher matcher = HASHTAG.matcher(text == null ? "" : text);
    while (matcher.find()) {
      tags.add(matcher.group());
    }
    return tags;
  }

  /** The text without the block of hashtags at its end. */
  public static String withoutTrailing(String text) {
    return TRAILING_TAGS.matcher(text == null ? "" : text).replaceFirst("").strip();
  }

  /** The text with no hashtags at all (a tag inside a sentence keeps its word). */
  public static String removed(String text) {
    String withoutBlock = withoutTrailing(text);
    return HASHTAG
        .matcher(withoutBlock)
        .replaceAll(match -> Matcher.quoteReplacement(match.group().substring(1)))
        .strip();
  }

  /**
   * Provider answers as hashtags: {@code #} added where missing, spaces and punctuation dropped,
   * duplicates (ignoring case) and empty ones left out, at most {@code max}.
   */
  public static List<String> cleaned(List<String> answers, int max) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> tags = new ArrayList<>();
    for (String answer : answers) {
      String word = answer == null ? "" : answer.replaceAll("[^\\p{L}\\p{N}_]", "");
      if (word.isEmpty() || !seen.add(word.toLowerCase(Locale.ROOT))) {
        continue;
      }
      tags.add("#" + word);
      if (tags.size() == max) {
        break;
      }
    }
    return tags;
  }
}

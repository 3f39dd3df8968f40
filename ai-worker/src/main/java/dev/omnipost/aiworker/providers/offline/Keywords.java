package dev.omnipost.aiworker.providers.offline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The meaningful words of a text: no stop words, no numbers, no words under three letters. */
final class Keywords {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a",
          "an",
          "the",
          "and",
          "or",
          "but",
          "of",
          "to",
          "in",
          "on",
          "for",
          "with",
          "about",
          "at",
          "by",
          "from",
          "as",
          "is",
          "are",
          "was",
          "were",
          "be",
          "been",
          "being",
          "it",
          "its",
          "it's",
          "this",
          "that",
          "these",
          "those",
          "our",
          "ours",
          "we",
          "we're",
          "you",
          "you're",
          "your",
          "yours",
          "my",
          "me",
          "i",
          "i'm",
          "us",
          "they",
          "their",
          "them",
          "he",
          "she",
          "his",
          "her",
          "will",
          "would",
          "can",
          "could",
          "should",
          "shall",
          "may",
          "might",
          "must",
          "please",
          "write",
          "create",
          "generate",
          "draft",
          "compose",
          "make",
          "post",
          "caption",
          "tweet",
          "some",
          "new",
          "into",
          "than",
          "then",
          "so",
          "very",
          "just",
          "also",
          "all",
          "any",
          "more",
          "most",
          "get",
          "got",
          "has",
          "have",
          "had",
          "not",
          "no",
          "do",
          "does",
          "did",
          "don't",
          "doesn't",
          "didn't",
          "what",
          "which",
          "who",
          "whom",
          "how",
          "when",
          "where",
          "why",
          "there",
          "here",
          "if",
          "each",
          "every",
          "other",
          "such",
          "only",
          "own",
          "same",
          "too",
          "out",
          "up",
          "down",
          "over",
          "under",
          "again",
          "once",
          "now",
          "let",
          "let's",
          "one",
          "ever",
          "yet",
          "still",
          "even",
          "much",
          "many",
          "after",
          "before",
          "while",
          "during",
          "because",
          "until",
          "both",
          "few",
          "nor",
          "via",
          "per",
          "am",
          "let’s",
          "it’s",
          "we’re",
          "don’t",
          "version",
          "shorter");

  private Keywords() {}

  /** Distinct key words, lower case, in the order they first appear. */
  static List<String> inOrder(String text) {
    return List.copyOf(counts(text).keySet());
  }

  /** Distinct key words, the most frequent first (ties: the earlier first). */
  static List<String> byWeight(String text) {
    Map<String, Integer> counts = counts(text);
    List<String> words = new ArrayList<>(counts.keySet());
    List<String> order = List.copyOf(words);
    words.sort(
        Comparator.<String>comparingInt(counts::get).reversed().thenComparingInt(order::indexOf));
    return words;
  }

  /** A key word as a hashtag: {@code #Sourdough}; null when too short once cleaned. */
  static String asHashtag(String word) {
    String tag = word.replaceAll("['’-]", "");
    if (tag.length() < 3) {
      return null;
    }
    return "#" + Character.toUpperCase(tag.charAt(0)) + tag.substring(1);
  }

  /** Up to {@code max} hashtags from the text's key words, the weightiest first. */
  static List<String> hashtags(String text, int max) {
    List<String> tags = new ArrayList<>();
    for (String word : byWeight(text)) {
      String tag = asHashtag(word);
      if (tag != null && !tags.contains(tag)) {
        tags.add(tag);
      }
      if (tags.size() == max) {
        break;
      }
    }
    return tags;
  }

  private static Map<String, Integer> counts(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Matcher matcher = WORD.matcher(text == null ? "" : text);
    while (matcher.find()) {
      String word = matcher.group().toLowerCase(Locale.ROOT);
      if (word.length() >= 3
          && !STOP_WORDS.contains(word)
          && !word.chars().allMatch(Character::isDigit)) {
        counts.merge(word, 1, Integer::sum);
      }
    }
    return counts;
  }
}

package dev.omnipost.aiworker.providers;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider that needs no network and no model: it composes a caption from templates for the mode
 * and tone, the prompt's own key words and a few hashtags made from them. It is not a language
 * model and does not pretend to be one (its provider name is {@code offline}); it keeps the API
 * useful where no LLM is configured, and its output is deterministic.
 */
public final class OfflineTextGenerator implements TextGenerator {

  public static final String NAME = "offline";

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");
  private static final Pattern INSTRUCTION =
      Pattern.compile(
          "^(please\\s+)?(write|create|generate|draft|compose|make|give me)\\b.*?\\b(about|on|for|announcing|that)\\s+",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_SUBJECT = 180;
  private static final int MAX_HASHTAGS = 3;

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
          "it",
          "its",
          "this",
          "that",
          "these",
          "those",
          "our",
          "we",
          "you",
          "your",
          "my",
          "me",
          "i",
          "us",
          "they",
          "their",
          "them",
          "will",
          "would",
          "can",
          "could",
          "should",
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
          "has",
          "have",
          "had",
          "not",
          "no",
          "do",
          "does",
          "did",
          "what",
          "which",
          "who",
          "how",
          "when");

  private static final Map<String, String[]> MODES =
      Map.of(
          "social", new String[] {"%s", "What do you think? Tell us below."},
          "marketing", new String[] {"Introducing: %s", "Find out more today."},
          "personal", new String[] {"A little update from me: %s", "Thanks for being here."},
          "business", new String[] {"We are pleased to share: %s", "Get in touch to learn more."});

  private static final Map<String, String> TONE_OPENERS =
      Map.ofEntries(
          Map.entry("friendly", "Hi friends!"),
          Map.entry("casual", "So,"),
          Map.entry("excited", "Big news!"),
          Map.entry("enthusiastic", "Big news!"),
          Map.entry("professional", ""),
          Map.entry("formal", ""),
          Map.entry("witty", "Plot twist:"),
          Map.entry("humorous", "Plot twist:"),
          Map.entry("inspirational", "Dream big."),
          Map.entry("urgent", "Don't miss this:"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GeneratedText generate(GenerationRequest request) {
    String subject = subjectSentence(request.subject());
    List<String> keywords = keywords(request.subject());
    String[] template =
        MODES.getOrDefault(request.mode().toLowerCase(Locale.ROOT), MODES.get("social"));
    String opener = opener(request.tone());
    String hashtags = hashtags(keywords);

    // from the fullest caption to the barest one: the first that fits the platform wins
    List<String> candidates = new ArrayList<>();
    String body = template[0].formatted(subject);
    candidates.add(join(opener, body, template[1], hashtags));
    candidates.add(join(opener, body, hashtags));
    candidates.add(join(body, hashtags));
    candidates.add(body);
    for (String candidate : candidates) {
      if (request.limit().fits(candidate)) {
        return new GeneratedText(candidate, NAME);
      }
    }
    String trimmedBody = TextFitter.fit(body, shorter(request.limit(), hashtags));
    String withTags = join(trimmedBody, hashtags);
    return new GeneratedText(
        request.limit().fits(withTags) ? withTags : TextFitter.fit(body, request.limit()), NAME);
  }

  private static LengthLimit shorter(LengthLimit limit, String hashtags) {
    int reserved = hashtags.isEmpty() ? 0 : limit.count(hashtags) + 2;
    return new LengthLimit(Math.max(1, limit.max() - reserved), limit.counter(), limit.unit());
  }

  private static String opener(String tone) {
    if (tone == null || tone.isBlank()) {
      return "";
    }
    return TONE_OPENERS.getOrDefault(tone.strip().toLowerCase(Locale.ROOT), "");
  }

  /** The prompt's first sentence without an instruction such as "write a post about". */
  static String subjectSentence(String prompt) {
    String text = prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ");
    Matcher instruction = INSTRUCTION.matcher(text);
    if (instruction.find()) {
      text = text.substring(instruction.end());
    }
    int end = sentenceEnd(text);
    String sentence = text.substring(0, end).strip();
    if (sentence.length() > MAX_SUBJECT) {
      int space = sentence.lastIndexOf(' ', MAX_SUBJECT);
      sentence = sentence.substring(0, space > 0 ? space : MAX_SUBJECT);
    }
    sentence = sentence.replaceAll("[\\s,;:.!?]+$", "");
    if (sentence.isEmpty()) {
      return "";
    }
    return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1) + ".";
  }

  private static int sentenceEnd(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == '.' || c == '!' || c == '?')
          && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
        return i + 1;
      }
    }
    return text.length();
  }

  /** Distinct meaningful words of the prompt, in the order they first appear. */
  static List<String> keywords(String prompt) {
    Set<String> words = new LinkedHashSet<>();
    Matcher matcher = WORD.matcher(prompt == null ? "" : prompt);
    while (matcher.find()) {
      String word = matcher.group().toLowerCase(Locale.ROOT);
      if (word.length() >= 3
          && !STOP_WORDS.contains(word)
          && !word.chars().allMatch(Character::isDigit)) {
        words.add(word);
      }
    }
    return List.copyOf(words);
  }

  private static String hashtags(List<String> keywords) {
    List<String> tags = new ArrayList<>();
    for (String keyword : keywords) {
      String tag = keyword.replaceAll("['’-]", "");
      if (tag.length() >= 3) {
        tags.add("#" + Character.toUpperCase(tag.charAt(0)) + tag.substring(1));
      }
      if (tags.size() == MAX_HASHTAGS) {
        break;
      }
    }
    return String.join(" ", tags);
  }

  private static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null && !part.isBlank()) {
        present.add(part.strip());
      }
    }
    return String.join(" ", present);
  }
}

package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.TextFitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caption from a prompt: its first sentence (without an instruction such as "write a post about")
 * in the mode's template, the tone's opening line, and up to three hashtags made from the prompt's
 * key words; the fullest version that fits the platform wins.
 */
final class Captions {

  private static final Pattern INSTRUCTION =
      Pattern.compile(
          "^(please\\s+)?(write|create|generate|draft|compose|make|give me)\\b.*?\\b(about|on|for|announcing|that)\\s+",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_SUBJECT = 180;
  private static final int MAX_HASHTAGS = 3;

  private static final Map<String, String[]> MODES =
      Map.of(
          "social", new String[] {"%s", "What do you think? Tell us below."},
          "marketing", new String[] {"Introducing: %s", "Find out more today."},
          "personal", new String[] {"A little update from me: %s", "Thanks for being here."},
          "business", new String[] {"We are pleased to share: %s", "Get in touch to learn more."});

  private Captions() {}

  /** The mode's closing line, which asks the reader to do something. */
  static String closingLine(String mode) {
    return MODES.getOrDefault(mode, MODES.get("social"))[1];
  }

  static String caption(String prompt, String mode, String tone, LengthLimit limit) {
    String subject = subjectSentence(prompt);
    String[] template = MODES.getOrDefault(mode, MODES.get("social"));
    String opener = Tones.of(tone).opener();
    String hashtags = String.join(" ", Keywords.hashtags(prompt, MAX_HASHTAGS));

    String body = template[0].formatted(subject);
    List<String> candidates = new ArrayList<>();
    candidates.add(ToneRewriter.join(opener, body, template[1], hashtags));
    candidates.add(ToneRewriter.join(opener, body, hashtags));
    candidates.add(ToneRewriter.join(body, hashtags));
    candidates.add(body);
    for (String candidate : candidates) {
      if (limit.fits(candidate)) {
        return candidate;
      }
    }
    int reserved = hashtags.isEmpty() ? 0 : limit.count(hashtags) + 2;
    String withTags =
        ToneRewriter.join(TextFitter.fit(body, limit.withMax(limit.max() - reserved)), hashtags);
    return limit.fits(withTags) ? withTags : TextFitter.fit(body, limit);
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
}

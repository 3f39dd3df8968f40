package dev.omnipost.aiworker.providers.offline;

import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.Sentences;
import dev.omnipost.aiworker.providers.TextFitter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a text into another tone without touching what it says: contractions spelled out or used,
 * exclamation marks calmed for formal writing, and the tone's opening and closing lines around it
 * where the platform has room. Every word that carries content stays.
 */
final class ToneRewriter {

  private static final Map<String, String> EXPANSIONS = new LinkedHashMap<>();

  static {
    EXPANSIONS.put("can't", "cannot");
    EXPANSIONS.put("won't", "will not");
    EXPANSIONS.put("don't", "do not");
    EXPANSIONS.put("doesn't", "does not");
    EXPANSIONS.put("didn't", "did not");
    EXPANSIONS.put("isn't", "is not");
    EXPANSIONS.put("aren't", "are not");
    EXPANSIONS.put("wasn't", "was not");
    EXPANSIONS.put("weren't", "were not");
    EXPANSIONS.put("haven't", "have not");
    EXPANSIONS.put("hasn't", "has not");
    EXPANSIONS.put("couldn't", "could not");
    EXPANSIONS.put("shouldn't", "should not");
    EXPANSIONS.put("wouldn't", "would not");
    EXPANSIONS.put("it's", "it is");
    EXPANSIONS.put("that's", "that is");
    EXPANSIONS.put("there's", "there is");
    EXPANSIONS.put("we're", "we are");
    EXPANSIONS.put("you're", "you are");
    EXPANSIONS.put("they're", "they are");
    EXPANSIONS.put("i'm", "I am");
    EXPANSIONS.put("we've", "we have");
    EXPANSIONS.put("you've", "you have");
    EXPANSIONS.put("we'll", "we will");
    EXPANSIONS.put("you'll", "you will");
    EXPANSIONS.put("let's", "let us");
  }

  private ToneRewriter() {}

  static String rewrite(String text, String tone, LengthLimit limit) {
    Tones style = Tones.of(tone);
    String body = Sentences.normalize(text);
    body =
        switch (style.contractions()) {
          case EXPAND -> calm(expand(body));
          case CONTRACT -> contract(body);
          case KEEP -> body;
        };
    body = endWithPunctuation(body);
    // the fullest version that fits wins; the text itself is never given up for an opener
    List<String> candidates = new ArrayList<>();
    candidates.add(join(style.opener(), body, style.closer()));
    candidates.add(join(style.opener(), body));
    candidates.add(join(body, style.closer()));
    candidates.add(body);
    for (String candidate : candidates) {
      if (limit.fits(candidate)) {
        return candidate;
      }
    }
    return TextFitter.fit(body, limit);
  }

  static String expand(String text) {
    String result = text.replace('’', '\'');
    for (Map.Entry<String, String> expansion : EXPANSIONS.entrySet()) {
      result = replaceWord(result, expansion.getKey(), expansion.getValue());
    }
    return result;
  }

  static String contract(String text) {
    String result = text;
    for (Map.Entry<String, String> expansion : EXPANSIONS.entrySet()) {
      if (!expansion.getKey().equals("i'm")) {
        result = replaceWord(result, expansion.getValue(), expansion.getKey());
      }
    }
    return replaceWord(result, "I am", "I'm");
  }

  /** Formal writing shouts less: "!!!" and "!" end sentences with a full stop. */
  private static String calm(String text) {
    return text.replaceAll("!+", ".").replaceAll("\\.{2,}", ".");
  }

  private static String replaceWord(String text, String from, String to) {
    Pattern word =
        Pattern.compile(
            "\\b" + Pattern.quote(from) + "\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    Matcher matcher = word.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String found = matcher.group();
      String replacement =
          Character.isUpperCase(found.charAt(0))
              ? Character.toUpperCase(to.charAt(0)) + to.substring(1)
              : to;
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  static String endWithPunctuation(String text) {
    if (text.isEmpty() || text.matches("(?s).*([.!?…:)\"']|#[\\p{L}\\p{N}_]+|\\p{So})$")) {
      return text;
    }
    return text + ".";
  }

  static String join(String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null && !part.isBlank()) {
        present.add(part.strip());
      }
    }
    return String.join(" ", present);
  }
}

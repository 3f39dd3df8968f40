package dev.omnipost.aiworker.providers;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A text's sentences, by the JDK's sentence boundaries, with whitespace collapsed. */
public final class Sentences {

  private Sentences() {}

  /** The non-blank sentences of {@code text}, in order, each stripped. */
  public static List<String> of(String text) {
    String normalized = normalize(text);
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(normalized);
    List<String> result = new ArrayList<>();
    int start = sentences.first();
    for (int end = sentences.next();
        end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      String sentence = normalized.substring(start, end).strip();
      if (!sentence.isEmpty()) {
        result.add(sentence);
      }
    }
    return result;
  }

  /** Runs of whitespace (line breaks included) as one space, stripped. */
  public static String normalize(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}

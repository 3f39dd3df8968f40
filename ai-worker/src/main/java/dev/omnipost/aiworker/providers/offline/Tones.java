package dev.omnipost.aiworker.providers.offline;

import java.util.Map;

/**
 * What each tone the API accepts means to the offline provider: a line to open with, one to close
 * with, and whether contractions are spelled out (formal) or used (casual). An unknown tone (rows
 * stored before tones were validated) reads as professional.
 */
record Tones(String opener, String closer, Contractions contractions) {

  enum Contractions {
    KEEP,
    EXPAND,
    CONTRACT
  }

  private static final Map<String, Tones> BY_NAME =
      Map.of(
          "professional", new Tones("", "", Contractions.KEEP),
          "casual", new Tones("Hey there!", "", Contractions.CONTRACT),
          "friendly",
              new Tones("Hi friends!", "We'd love to hear from you.", Contractions.CONTRACT),
          "formal", new Tones("", "", Contractions.EXPAND),
          "humorous", new Tones("Plot twist:", "You're welcome.", Contractions.CONTRACT),
          "inspirational", new Tones("Dream big.", "Every step counts.", Contractions.KEEP),
          "educational", new Tones("Did you know?", "Save this for later.", Contractions.KEEP),
          "persuasive",
              new Tones("Don't miss this:", "Act now and see the difference.", Contractions.KEEP));

  static Tones of(String tone) {
    return BY_NAME.getOrDefault(tone, BY_NAME.get("professional"));
  }
}

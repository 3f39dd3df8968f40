package dev.omnipost.connectors.rules;

import com.twitter.twittertext.TwitterTextParser;

/**
 * X's weighted length, computed by X's own twitter-text library (v3 configuration): after NFC
 * normalisation, code points in the Latin and general punctuation ranges weigh 1, everything else
 * (CJK, most scripts) weighs 2, an emoji sequence (ZWJ sequences, skin tones, flags, keycaps)
 * weighs 2 as a whole, and every URL X would link, bare domains such as {@code example.com}
 * included, weighs 23.
 */
final class XWeightedTextCounter implements TextCounter {

  @Override
  public int count(String text) {
    return TwitterTextParser.parseTweet(text).weightedLength;
  }
}

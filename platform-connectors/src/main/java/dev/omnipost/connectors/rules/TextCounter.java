package dev.omnipost.connectors.rules;

/** Counts text the way one platform does when it enforces its length limit. */
@FunctionalInterface
public interface TextCounter {

  int count(String text);

  /** Unicode code points: what most platforms mean by "characters". */
  static TextCounter codePoints() {
    return text -> text.codePointCount(0, text.length());
  }
}

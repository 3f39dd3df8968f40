package dev.omnipost.connectors.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mastodon counts code points, with every URL counting 23 whatever its length. */
final class MastodonTextCounter implements TextCounter {

  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final int URL_LENGTH = 23;

  @Override
  public int count(String text) {
    Matcher urls = URL.matcher(text);
    int count = 0;
    int position = 0;
    while (urls.find()) {
      count += text.codePointCount(position, urls.start()) + URL_LENGTH;
      position = urls.end();
    }
    return count + text.codePointCount(position, text.length());
  }
}

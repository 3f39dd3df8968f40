package dev.omnipost.connectors.rules;

/** Mastodon counts code points, with every URL counting 23 whatever its length. */
final class MastodonTextCounter implements TextCounter {

  private static final int URL_LENGTH = 23;

  @Override
  public int count(String text) {
    int count = 0;
    int position = 0;
    for (int[] url : Urls.find(text)) {
      count += text.codePointCount(position, url[0]) + URL_LENGTH;
      position = url[1];
    }
    return count + text.codePointCount(position, text.length());
  }
}

package dev.omnipost.aiworker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadSplitterTests {

  private static final String TEXT =
      "We opened our first bakery in Porto ten years ago with one oven and a lot of hope. "
          + "Every morning started at four, long before the city woke up. "
          + "Our sourdough took two years to get right, and we threw away more loaves than we sold. "
          + "Then a food blogger wrote about our cardamom buns and everything changed. "
          + "Today we bake for three neighbourhoods and train apprentices every spring. "
          + "Thank you for every early visit, every kind word and every crumb left on our counter.";

  @Test
  void keepsEachXPostWithinXsWeightedLimitAndSplitsBetweenSentences() {
    List<String> posts = ThreadSplitter.split(TEXT, LengthLimit.forPlatform(Platform.TWITTER));

    assertThat(posts).hasSizeGreaterThan(1);
    assertThat(posts)
        .allSatisfy(
            post -> {
              assertThat(PlatformRules.of(Platform.TWITTER).countText(post))
                  .isLessThanOrEqualTo(280);
              assertThat(post).endsWith(".");
            });
    assertThat(String.join(" ", posts)).isEqualTo(TEXT);
  }

  @Test
  void countsXsWideCharactersAndEmojiAsTwo() {
    String text = "日本語のテキストです。".repeat(30) + " 🎉🎉🎉 Party time. ".repeat(10);

    List<String> posts = ThreadSplitter.split(text, LengthLimit.forPlatform(Platform.TWITTER));

    assertThat(posts)
        .allSatisfy(
            post ->
                assertThat(PlatformRules.of(Platform.TWITTER).countText(post))
                    .isLessThanOrEqualTo(280));
    assertThat(String.join("", posts).replace(" ", "")).isEqualTo(text.replace(" ", ""));
  }

  @Test
  void usesBlueskysGraphemesAndThreadsFiveHundredCharacters() {
    String text = (TEXT + " ").repeat(4).strip();

    List<String> bluesky = ThreadSplitter.split(text, LengthLimit.forPlatform(Platform.BLUESKY));
    List<String> threads = ThreadSplitter.split(text, LengthLimit.forPlatform(Platform.THREADS));

    assertThat(bluesky)
        .allSatisfy(
            post ->
                assertThat(PlatformRules.of(Platform.BLUESKY).countText(post))
                    .isLessThanOrEqualTo(300));
    assertThat(threads)
        .allSatisfy(
            post -> assertThat(post.codePointCount(0, post.length())).isLessThanOrEqualTo(500));
    assertThat(threads.size()).isLessThan(bluesky.size());
    assertThat(String.join(" ", threads)).isEqualTo(text);
  }

  @Test
  void splitsASentenceLongerThanTheLimitBetweenWords() {
    String sentence = "word ".repeat(120).strip() + ".";

    List<String> posts = ThreadSplitter.split(sentence, LengthLimit.forPlatform(Platform.TWITTER));

    assertThat(posts).hasSize(3);
    assertThat(posts)
        .allSatisfy(post -> assertThat(post).doesNotStartWith(" ").doesNotEndWith(" "));
    assertThat(String.join(" ", posts)).isEqualTo(sentence);
  }
}

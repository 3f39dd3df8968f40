package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import org.junit.jupiter.api.Test;

class MastodonTextCounterTests {

  private final MastodonTextCounter counter = new MastodonTextCounter();

  @Test
  void countsCodePointsSoEmojiAndCjkCountOneEach() {
    assertThat(counter.count("Hello")).isEqualTo(5);
    assertThat(counter.count("中文")).isEqualTo(2);
    assertThat(counter.count("😀")).isEqualTo(1);
  }

  @Test
  void countsEveryUrlAsTwentyThree() {
    assertThat(counter.count("see https://example.com/" + "x".repeat(100))).isEqualTo(4 + 23);
    assertThat(counter.count("https://a.io, https://b.io.")).isEqualTo(23 + 2 + 23 + 1);
  }

  @Test
  void acceptsExactly500AndRejects501ThroughThePlatformRules() {
    PlatformRules mastodon = PlatformRules.of(Platform.MASTODON);

    assertThat(mastodon.checkText("a".repeat(500))).isEmpty();
    assertThat(mastodon.checkText("a".repeat(501)))
        .extracting("code")
        .containsExactly("text.too_long");
  }

  @Test
  void rejectsAFifthAttachment() {
    assertThat(
            PlatformRules.of(Platform.MASTODON)
                .check(
                    PostContent.of(
                        "hi",
                        java.util.Collections.nCopies(
                            5, MediaFacts.image("med_1", "image/png", 100, 10, 10)))))
        .extracting("code")
        .containsExactly("media.too_many");
  }
}

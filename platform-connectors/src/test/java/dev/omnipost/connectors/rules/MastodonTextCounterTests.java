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

    assertThat(mastodon.check("a".repeat(500), 0)).isEmpty();
    assertThat(mastodon.check("a".repeat(501), 0))
        .extracting("code")
        .containsExactly("text_too_long");
  }

  @Test
  void rejectsAFifthAttachment() {
    assertThat(PlatformRules.of(Platform.MASTODON).check("hi", 5))
        .extracting("code")
        .containsExactly("too_many_media");
  }
}

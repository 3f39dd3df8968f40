package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import org.junit.jupiter.api.Test;

class GraphemeTextCounterTests {

  private final GraphemeTextCounter counter = new GraphemeTextCounter();

  @Test
  void countsWhatAReaderSeesAsOneCharacter() {
    assertThat(counter.count("abc")).isEqualTo(3);
    assertThat(counter.count("e\u0301")).isEqualTo(1);
    assertThat(counter.count("\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67")).isEqualTo(1);
    assertThat(counter.count("🇺🇸")).isEqualTo(1);
    assertThat(counter.count("👍🏽")).isEqualTo(1);
    assertThat(counter.count("中文")).isEqualTo(2);
  }

  @Test
  void acceptsExactly300GraphemesOnBlueskyAndRejects301() {
    PlatformRules bluesky = PlatformRules.of(Platform.BLUESKY);

    assertThat(bluesky.checkText("👍🏽".repeat(300))).isEmpty();
    assertThat(bluesky.checkText("👍🏽".repeat(301)))
        .extracting("code")
        .containsExactly("text.too_long");
  }
}

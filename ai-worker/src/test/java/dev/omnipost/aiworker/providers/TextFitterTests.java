package dev.omnipost.aiworker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import org.junit.jupiter.api.Test;

class TextFitterTests {

  private final LengthLimit x = LengthLimit.forPlatform(Platform.TWITTER);

  @Test
  void leavesATextThatFitsAlone() {
    assertThat(TextFitter.fit("Short and sweet", x)).isEqualTo("Short and sweet");
  }

  @Test
  void cutsAtAWordBoundaryWithAnEllipsis() {
    String text = "word ".repeat(100);

    String fitted = TextFitter.fit(text, x);

    assertThat(x.count(fitted)).isLessThanOrEqualTo(280);
    assertThat(fitted).endsWith("word…");
  }

  @Test
  void neverSplitsAnEmojiSurrogatePair() {
    String text = "🎉".repeat(300);

    String fitted = TextFitter.fit(text, x);

    assertThat(x.count(fitted)).isLessThanOrEqualTo(280);
    assertThat(fitted.replace("…", "").replace("🎉", "")).isEmpty();
  }

  @Test
  void countsWideCharactersTheWayXDoes() {
    String text = "日本語".repeat(100);

    String fitted = TextFitter.fit(text, x);

    assertThat(x.count(fitted)).isBetween(270, 280);
  }
}

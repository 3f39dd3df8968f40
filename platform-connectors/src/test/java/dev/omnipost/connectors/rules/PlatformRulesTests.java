package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlatformRulesTests {

  @Test
  void hasRulesForEveryPlatform() {
    assertThat(Arrays.stream(Platform.values()).map(PlatformRules::of)).doesNotContainNull();
  }

  @Test
  void requiresMediaOnInstagramAndCountsItsCaptionInCodePoints() {
    PlatformRules instagram = PlatformRules.of(Platform.INSTAGRAM);

    assertThat(instagram.check("caption", 0)).extracting("code").containsExactly("media_required");
    assertThat(instagram.check("😀".repeat(2200), 1)).isEmpty();
    assertThat(instagram.check("a".repeat(2201), 11))
        .extracting("code")
        .containsExactly("text_too_long", "too_many_media");
  }

  @Test
  void treatsMissingTextAsEmpty() {
    assertThat(PlatformRules.of(Platform.MASTODON).countText(null)).isZero();
  }
}

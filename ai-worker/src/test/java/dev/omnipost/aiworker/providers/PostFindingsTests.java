package dev.omnipost.aiworker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostFindingsTests {

  private static List<Finding> findings(String text, Platform platform) {
    return PostFindings.of(text, platform, LengthLimit.forPlatform(platform));
  }

  @Test
  void reportsATooLongTextByThePlatformsCounting() {
    List<Finding> findings = findings("🎉".repeat(150), Platform.TWITTER);

    assertThat(findings.get(0))
        .isEqualTo(
            new Finding(
                "length",
                "too_long",
                "twitter allows 280 weighted characters; this text counts 300",
                300,
                280));
  }

  @Test
  void reportsTooManyHashtagsAndAMissingCallToAction() {
    List<Finding> findings =
        findings("Our new menu is here #food #menu #porto #vegan", Platform.TWITTER);

    assertThat(findings.get(1).status()).isEqualTo("too_many");
    assertThat(findings.get(1).value()).isEqualTo(4);
    assertThat(findings.get(1).limit()).isEqualTo(2);
    assertThat(findings.get(2).status()).isEqualTo("missing");
  }

  @Test
  void findsAPostThatIsFine() {
    List<Finding> findings =
        findings("Our new menu is here. Book a table tonight! #PortoFood", Platform.INSTAGRAM);

    assertThat(findings).allSatisfy(finding -> assertThat(finding.ok()).isTrue());
  }
}

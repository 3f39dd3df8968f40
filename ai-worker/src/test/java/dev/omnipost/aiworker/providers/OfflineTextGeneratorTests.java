package dev.omnipost.aiworker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineTextGeneratorTests {

  private final OfflineTextGenerator generator = new OfflineTextGenerator();

  private static GenerationRequest request(
      String prompt, Platform platform, String mode, String tone) {
    return new GenerationRequest(
        prompt, List.of(), platform, mode, tone, LengthLimit.forPlatform(platform));
  }

  @Test
  void staysWithinXsWeightedLimitEvenForAHugePrompt() {
    String huge =
        "Write a post about our sustainable coffee roastery in Lisbon 🌍☕ ".repeat(400)
            + "漢字のテキスト".repeat(200);

    GeneratedText text =
        generator.generate(request(huge, Platform.TWITTER, "marketing", "excited"));

    assertThat(PlatformRules.of(Platform.TWITTER).countText(text.content()))
        .isLessThanOrEqualTo(280);
    assertThat(text.content()).isNotBlank();
  }

  @Test
  void staysWithinXsLimitForAHugeSingleWordOfWideCharacters() {
    String wide = "漢".repeat(5_000);

    GeneratedText text = generator.generate(request(wide, Platform.TWITTER, "social", null));

    assertThat(PlatformRules.of(Platform.TWITTER).countText(text.content())).isBetween(1, 280);
  }

  @Test
  void usesThePromptsKeyWordsAndMakesHashtagsOfThem() {
    GeneratedText text =
        generator.generate(
            request(
                "Write a post about our new vegan bakery opening in Porto",
                Platform.INSTAGRAM,
                "social",
                "friendly"));

    assertThat(text.content())
        .contains("vegan bakery opening in Porto")
        .contains("#Vegan")
        .contains("#Bakery");
    assertThat(text.content()).doesNotContainIgnoringCase("write a post about");
  }

  @Test
  void labelsItselfOffline() {
    GeneratedText text = generator.generate(request("Summer sale", null, "social", null));

    assertThat(text.provider()).isEqualTo("offline");
  }

  @Test
  void differentModesWriteDifferentCaptions() {
    String prompt = "Our spring collection of linen shirts";

    String social =
        generator.generate(request(prompt, Platform.LINKEDIN, "social", null)).content();
    String marketing =
        generator.generate(request(prompt, Platform.LINKEDIN, "marketing", null)).content();
    String business =
        generator.generate(request(prompt, Platform.LINKEDIN, "business", null)).content();
    String personal =
        generator.generate(request(prompt, Platform.LINKEDIN, "personal", null)).content();

    assertThat(List.of(social, marketing, business, personal)).doesNotHaveDuplicates();
    assertThat(marketing).startsWith("Introducing");
    assertThat(business).startsWith("We are pleased to share");
  }

  @Test
  void isDeterministic() {
    GenerationRequest request =
        request("Launch of our podcast about gardening", Platform.MASTODON, "social", "witty");

    assertThat(generator.generate(request)).isEqualTo(generator.generate(request));
  }

  @Test
  void writesAboutTheLastUserMessageOfAConversation() {
    GenerationRequest request =
        new GenerationRequest(
            null,
            List.of(
                new ChatMessage("user", "Ideas for a bakery post?"),
                new ChatMessage("assistant", "How about your sourdough?"),
                new ChatMessage("user", "Yes, our sourdough workshop on Saturday")),
            Platform.BLUESKY,
            "personal",
            null,
            LengthLimit.forPlatform(Platform.BLUESKY));

    GeneratedText text = generator.generate(request);

    assertThat(text.content()).contains("sourdough workshop on Saturday").contains("#Sourdough");
    assertThat(PlatformRules.of(Platform.BLUESKY).countText(text.content()))
        .isLessThanOrEqualTo(300);
  }
}

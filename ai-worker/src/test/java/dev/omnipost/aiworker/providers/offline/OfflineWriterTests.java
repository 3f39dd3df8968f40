package dev.omnipost.aiworker.providers.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.aiworker.providers.ChatMessage;
import dev.omnipost.aiworker.providers.Finding;
import dev.omnipost.aiworker.providers.Hashtags;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.PostFindings;
import dev.omnipost.aiworker.providers.Tool;
import dev.omnipost.aiworker.providers.WritingRequest;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The offline provider does what each call asks, the same way every time. */
class OfflineWriterTests {

  private static final String LONG_ANSWER =
      "Our new vegan bakery opens in Porto this Saturday, right next to the Bolhão market. "
          + "Expect sourdough baked at dawn, cardamom buns still warm from the oven, and coffee"
          + " roasted two streets away. The first fifty visitors get a free pastel de nata, made"
          + " without eggs or butter and just as flaky as the original. Bring a friend, bring a"
          + " bag, and come hungry: we open the doors at eight. #VeganBakery #Porto #Sourdough";

  private final OfflineWriter writer = new OfflineWriter();

  private static WritingRequest request(Tool tool, String text, Platform platform, String tone) {
    return new WritingRequest(
        tool, text, List.of(), platform, "social", tone, 5, LengthLimit.forPlatform(platform));
  }

  private static WritingRequest conversation(Platform platform, String... turns) {
    List<ChatMessage> messages =
        java.util.stream.IntStream.range(0, turns.length)
            .mapToObj(i -> new ChatMessage(i % 2 == 0 ? "user" : "assistant", turns[i]))
            .toList();
    return new WritingRequest(
        Tool.GENERATE,
        null,
        messages,
        platform,
        "social",
        null,
        0,
        LengthLimit.forPlatform(platform));
  }

  @Test
  void aShorterVersionForTwitterShortensThePreviousAnswerToXsLimit() {
    WritingRequest request =
        conversation(
            null,
            "Write a post about our vegan bakery opening in Porto",
            LONG_ANSWER,
            "Perfect, now make a shorter version for Twitter");

    String shorter = writer.compose(request);

    assertThat(PlatformRules.of(Platform.TWITTER).countText(shorter)).isLessThanOrEqualTo(280);
    assertThat(shorter.length()).isLessThan(LONG_ANSWER.length());
    assertThat(shorter)
        .startsWith("Our new vegan bakery opens in Porto this Saturday")
        .doesNotContainIgnoringCase("make a shorter version");
  }

  @Test
  void aShorterVersionIsShorterEvenWhenThePreviousOneFitAlready() {
    String previous =
        "Fresh croissants every morning. Our bakery now opens at seven. Come early for the best"
            + " choice. #Bakery #Porto";
    WritingRequest request =
        conversation(Platform.MASTODON, "Write about our new hours", previous, "shorter please");

    String shorter = writer.compose(request);

    assertThat(shorter.length()).isLessThanOrEqualTo(previous.length() * 2 / 3);
    assertThat(shorter).startsWith("Fresh croissants every morning.");
  }

  @Test
  void aFollowUpAskingForAnotherToneRewritesThePreviousAnswer() {
    WritingRequest request =
        conversation(
            Platform.LINKEDIN,
            "Post about our hiring",
            "We're hiring bakers! Don't miss it!",
            "Make it more formal");

    assertThat(writer.compose(request)).isEqualTo("We are hiring bakers. Do not miss it.");
  }

  @Test
  void aRewriteKeepsEveryWordThatCarriesContent() {
    String text =
        "We're opening our second bakery in Lisbon on March 3rd. Don't miss the sourdough"
            + " workshop at 10:00, tickets are €15 at lisbon.example.com!";

    for (String tone :
        List.of(
            "professional",
            "casual",
            "friendly",
            "formal",
            "humorous",
            "inspirational",
            "educational",
            "persuasive")) {
      String rewritten = writer.rewrite(request(Tool.REWRITE, text, Platform.INSTAGRAM, tone));

      assertThat(rewritten)
          .as(tone)
          .contains("second bakery in Lisbon on March 3rd")
          .contains("sourdough workshop at 10:00")
          .contains("€15")
          .contains("lisbon.example.com");
      assertThat(Keywords.inOrder(rewritten))
          .as(tone)
          .containsAll(
              Keywords.inOrder(
                  "opening second bakery Lisbon March 3rd sourdough workshop tickets"));
    }
  }

  @Test
  void aFormalRewriteSpellsOutContractionsAndACasualOneUsesThem() {
    String formal =
        writer.rewrite(request(Tool.REWRITE, "We're open late and it's free!", null, "formal"));
    String casual =
        writer.rewrite(request(Tool.REWRITE, "We are open late and it is free.", null, "casual"));

    assertThat(formal).isEqualTo("We are open late and it is free.");
    assertThat(casual).isEqualTo("Hey there! We're open late and it's free.");
  }

  @Test
  void hashtagsComeFromTheTextsKeyWordsTheMostFrequentFirst() {
    String text =
        "Sourdough Saturday! Our sourdough workshop teaches sourdough starters, shaping and"
            + " baking in our Porto bakery. Bakery tours after the workshop.";

    List<String> tags = writer.hashtags(request(Tool.HASHTAGS, text, Platform.INSTAGRAM, null));

    assertThat(tags).hasSize(5).startsWith("#Sourdough", "#Workshop", "#Bakery");
    assertThat(tags)
        .allSatisfy(
            tag ->
                assertThat(text.toLowerCase(Locale.ROOT))
                    .contains(tag.substring(1).toLowerCase(Locale.ROOT)));
  }

  @Test
  void aThreadIsSplitAtSentencesWithinThePlatformsCounting() {
    String paragraph = LONG_ANSWER.replace(" #VeganBakery #Porto #Sourdough", "");
    String text = paragraph + " " + paragraph;

    List<String> posts = writer.thread(request(Tool.THREAD, text, Platform.BLUESKY, null));

    assertThat(posts).hasSizeGreaterThan(2);
    assertThat(posts)
        .allSatisfy(
            post -> {
              assertThat(PlatformRules.of(Platform.BLUESKY).countText(post))
                  .isLessThanOrEqualTo(300);
              assertThat(post).matches("(?s).*[.!?:]$");
            });
    assertThat(String.join(" ", posts)).isEqualTo(text.strip());
  }

  @Test
  void ideasAreAsManyAsAskedAndAboutTheTopic() {
    WritingRequest request =
        new WritingRequest(
            Tool.IDEAS,
            "home composting",
            List.of(),
            null,
            "social",
            null,
            7,
            LengthLimit.forPlatform(null));

    List<String> ideas = writer.ideas(request);

    assertThat(ideas)
        .hasSize(7)
        .doesNotHaveDuplicates()
        .allSatisfy(idea -> assertThat(idea).contains("home composting"));
  }

  @Test
  void anOptimizedPostFixesWhatTheFindingsFound() {
    String text =
        "Our spring menu is out with wild garlic soup #food #menu #spring #porto #vegan #soup";
    LengthLimit limit = LengthLimit.forPlatform(Platform.TWITTER);
    List<Finding> findings = PostFindings.of(text, Platform.TWITTER, limit);

    String optimized =
        writer.optimize(request(Tool.OPTIMIZE, text, Platform.TWITTER, null), findings);

    assertThat(optimized).startsWith("Our spring menu is out with wild garlic soup");
    assertThat(Hashtags.in(optimized)).hasSize(2);
    assertThat(PostFindings.of(optimized, Platform.TWITTER, limit))
        .allSatisfy(finding -> assertThat(finding.ok()).as(finding.check()).isTrue());
  }

  @Test
  void anOptimizedPostThatWasTooLongFitsTheLimit() {
    LengthLimit limit = LengthLimit.forPlatform(Platform.TWITTER);
    String text = LONG_ANSWER;

    String optimized =
        writer.optimize(
            request(Tool.OPTIMIZE, text, Platform.TWITTER, null),
            PostFindings.of(text, Platform.TWITTER, limit));

    assertThat(limit.fits(optimized)).isTrue();
    assertThat(optimized).startsWith("Our new vegan bakery opens in Porto this Saturday");
  }

  @Test
  void aCaptionStaysWithinXsWeightedLimitEvenForAHugePrompt() {
    String huge =
        "Write a post about our sustainable coffee roastery in Lisbon 🌍☕ ".repeat(400)
            + "漢字のテキスト".repeat(200);

    String caption = writer.compose(request(Tool.GENERATE, huge, Platform.TWITTER, "persuasive"));

    assertThat(PlatformRules.of(Platform.TWITTER).countText(caption)).isBetween(1, 280);
  }

  @Test
  void aCaptionUsesThePromptsKeyWordsAndHashtagsMadeOfThem() {
    String caption =
        writer.compose(
            request(
                Tool.GENERATE,
                "Write a post about our new vegan bakery opening in Porto",
                Platform.INSTAGRAM,
                "friendly"));

    assertThat(caption)
        .startsWith("Hi friends!")
        .contains("vegan bakery opening in Porto")
        .contains("#Vegan")
        .contains("#Bakery")
        .doesNotContainIgnoringCase("write a post about");
  }

  @Test
  void aConversationWithoutAFollowUpIsAboutItsLastUserMessage() {
    WritingRequest request =
        conversation(
            Platform.BLUESKY,
            "Ideas for a bakery post?",
            "How about your sourdough?",
            "Yes, our sourdough workshop on Saturday");

    String caption = writer.compose(request);

    assertThat(caption).contains("sourdough workshop on Saturday").contains("#Sourdough");
  }

  @Test
  void isDeterministic() {
    WritingRequest request =
        request(
            Tool.GENERATE, "Launch of our podcast about gardening", Platform.MASTODON, "humorous");

    assertThat(writer.compose(request)).isEqualTo(writer.compose(request));
  }
}

package dev.omnipost.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.rules.PlatformRules;
import dev.omnipost.gateway.GatewayTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The writing tools and {@code compose} through the real gateway and the real ai-worker (offline
 * provider): what each call answers, and that each costs one credit.
 */
class AiToolsThroughTheWorkerTests extends GatewayTestSupport {

  private static final String ANSWER =
      "Our new vegan bakery opens in Porto this Saturday, right next to the Bolhão market. "
          + "Expect sourdough baked at dawn, cardamom buns still warm from the oven, and coffee"
          + " roasted two streets away. The first fifty visitors get a free pastel de nata, made"
          + " without eggs or butter and just as flaky as the original. Bring a friend and come"
          + " hungry: we open the doors at eight. #VeganBakery #Porto #Sourdough";

  private static RunningAiWorker worker;

  @BeforeAll
  static void startWorker() {
    worker = RunningAiWorker.start(Map.of());
  }

  @AfterAll
  static void stopWorker() {
    worker.close();
  }

  @Test
  void composeWritesAPostAsGenerateDoes() {
    Tenant tenant = newTenant();
    int before = balance(tenant);

    Map<String, Object> answer =
        ok(
            tenant,
            "/v1/ai/compose",
            Map.of(
                "prompt",
                "Write a post about our new vegan bakery opening in Porto",
                "platform",
                "x",
                "mode",
                "marketing"));

    Map<String, Object> data = data(answer);
    assertThat(data)
        .containsEntry("tool", "compose")
        .containsEntry("type", "text")
        .containsEntry("status", "completed")
        .containsEntry("provider", "offline")
        .containsEntry("platform", "twitter")
        .containsEntry("tone", "professional");
    assertThat((String) data.get("content"))
        .startsWith("Introducing: Our new vegan bakery opening in Porto.")
        .contains("#Vegan");
    assertThat((String) data.get("notice")).contains("without a language model");
    assertThat(credits(answer)).containsEntry("used", 1).containsEntry("remaining", before - 1);
  }

  @Test
  void aShorterVersionForTwitterShortensTheEarlierAnswer() {
    Tenant tenant = newTenant();

    Map<String, Object> data =
        data(
            ok(
                tenant,
                "/v1/ai/generate",
                Map.of(
                    "messages",
                    List.of(
                        Map.of("role", "user", "content", "Write a post about our bakery opening"),
                        Map.of("role", "assistant", "content", ANSWER),
                        Map.of(
                            "role",
                            "user",
                            "content",
                            "Perfect, now make a shorter version for Twitter")))));

    String shorter = (String) data.get("content");
    assertThat(PlatformRules.of(Platform.TWITTER).countText(shorter)).isLessThanOrEqualTo(280);
    assertThat(shorter.length()).isLessThan(ANSWER.length() * 2 / 3 + 1);
    assertThat(shorter).startsWith("Our new vegan bakery opens in Porto this Saturday");
  }

  @Test
  void rewriteKeepsTheContentInTheToneAskedFor() {
    Tenant tenant = newTenant();
    int before = balance(tenant);
    String text =
        "We're opening our second bakery in Lisbon on March 3rd! Don't miss the sourdough workshop.";

    Map<String, Object> answer =
        ok(
            tenant,
            "/v1/ai/rewrite",
            Map.of("text", text, "tone", "formal", "platform", "linkedin"));

    Map<String, Object> data = data(answer);
    assertThat(data).containsEntry("tool", "rewrite").containsEntry("tone", "formal");
    assertThat(data.get("content"))
        .isEqualTo(
            "We are opening our second bakery in Lisbon on March 3rd. Do not miss the sourdough workshop.");
    assertThat(balance(tenant)).isEqualTo(before - 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void hashtagsAreAListMadeFromTheTextsKeyWords() {
    Tenant tenant = newTenant();
    String text =
        "Sourdough Saturday! Our sourdough workshop teaches starters, shaping and baking in our"
            + " Porto bakery. Bakery tours after the workshop.";

    Map<String, Object> data =
        data(
            ok(
                tenant,
                "/v1/ai/hashtags",
                Map.of("text", text, "platform", "instagram", "count", 4)));

    List<String> tags = (List<String>) data.get("items");
    assertThat(tags).containsExactly("#Sourdough", "#Workshop", "#Bakery", "#Saturday");
    assertThat(data).doesNotContainKey("content");
    assertThat(tags)
        .allSatisfy(
            tag ->
                assertThat(text.toLowerCase(Locale.ROOT))
                    .contains(tag.substring(1).toLowerCase(Locale.ROOT)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aThreadIsAnOrderedListOfPostsEachWithinXsWeightedLimit() {
    Tenant tenant = newTenant();
    String text = (ANSWER.replace(" #VeganBakery #Porto #Sourdough", "") + " ").repeat(3).strip();

    Map<String, Object> data =
        data(ok(tenant, "/v1/ai/thread", Map.of("text", text, "platform", "x")));

    List<String> posts = (List<String>) data.get("items");
    assertThat(posts).hasSizeGreaterThan(3);
    assertThat(posts)
        .allSatisfy(
            post -> {
              assertThat(PlatformRules.of(Platform.TWITTER).countText(post))
                  .isLessThanOrEqualTo(280);
              assertThat(post).matches("(?s).*[.:]$");
            });
    assertThat(String.join(" ", posts)).isEqualTo(text);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ideasAreAsManyAsAskedForAndAboutTheTopic() {
    Tenant tenant = newTenant();

    Map<String, Object> data =
        data(ok(tenant, "/v1/ai/ideas", Map.of("topic", "home composting", "count", 3)));

    assertThat((List<String>) data.get("items"))
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allSatisfy(idea -> assertThat(idea).contains("home composting"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void optimizeAnswersTheImprovedTextAndWhatItFound() {
    Tenant tenant = newTenant();
    String text = "Our spring menu is out with wild garlic soup #food #menu #spring #porto #vegan";

    Map<String, Object> data =
        data(ok(tenant, "/v1/ai/optimize", Map.of("text", text, "platform", "twitter")));

    List<Map<String, Object>> findings = (List<Map<String, Object>>) data.get("findings");
    assertThat(findings)
        .extracting(finding -> finding.get("check") + ":" + finding.get("status"))
        .containsExactly("length:ok", "hashtags:too_many", "call_to_action:missing");
    assertThat(findings.get(1)).containsEntry("value", 5).containsEntry("limit", 2);
    assertThat((String) data.get("content"))
        .isEqualTo(
            "Our spring menu is out with wild garlic soup. Tell us what you think below. #food #menu");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aToolThatIsNotDoneWithinWaitAnswers202AndTheResultCanBeReadLater() {
    Tenant tenant = newTenant();
    Map<String, Object> accepted =
        post(tenant, "/v1/ai/ideas")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("topic", "city cycling", "count", 2, "wait", 0))
            .exchange()
            .expectStatus()
            .isAccepted()
            .expectBody(JSON)
            .returnResult()
            .getResponseBody();
    String id = (String) data(accepted).get("id");

    Map<String, Object> read =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () ->
                    data(
                        get(tenant, "/v1/ai/generations/" + id)
                            .exchange()
                            .expectBody(JSON)
                            .returnResult()
                            .getResponseBody()),
                generation -> "completed".equals(generation.get("status")));

    assertThat((List<String>) read.get("items")).hasSize(2);
    assertThat(read).containsEntry("tool", "ideas");
  }

  private Map<String, Object> ok(Tenant tenant, String path, Map<String, Object> body) {
    return post(tenant, path)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(Map<String, Object> answer) {
    return (Map<String, Object>) answer.get("data");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> credits(Map<String, Object> answer) {
    return (Map<String, Object>) answer.get("credits");
  }

  /** The AI credits left this month, as {@code GET /v1/usage} shows them. */
  @SuppressWarnings("unchecked")
  private int balance(Tenant tenant) {
    Map<String, Object> usage =
        data(get(tenant, "/v1/usage").exchange().expectBody(JSON).returnResult().getResponseBody());
    return ((Number) ((Map<String, Object>) usage.get("ai_credits_per_month")).get("remaining"))
        .intValue();
  }
}

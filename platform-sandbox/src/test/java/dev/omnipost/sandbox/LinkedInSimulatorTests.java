package dev.omnipost.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

class LinkedInSimulatorTests {

  private static final String TOKEN = "li-token";
  private static final String VERSION = "202611";

  private final WebTestClient client = SharedSandbox.client();

  @BeforeEach
  void registerAccount() {
    client.post().uri("/_sandbox/reset").exchange().expectStatus().isNoContent();
    client
        .post()
        .uri("/_sandbox/accounts")
        .bodyValue(
            Map.of(
                "platform",
                "linkedin",
                "account_id",
                "m1",
                "username",
                "Ada",
                "access_token",
                TOKEN))
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void answers201WithTheUrnInTheRestliHeaderAndAnEmptyBody() {
    post(VERSION, "Hello")
        .expectStatus()
        .isCreated()
        .expectHeader()
        .value("x-restli-id", urn -> assertThat(urn).startsWith("urn:li:share:"))
        .expectBody()
        .isEmpty();

    assertThat(SharedSandbox.SANDBOX.control().posts("linkedin", "m1")).hasSize(1);
  }

  @Test
  void truncatesTheCommentaryAtAnUnescapedReservedCharacterAndShowsEscapedOnes() {
    post(VERSION, "Fresh (today) bread").expectStatus().isCreated();
    post(VERSION, "Fresh \\(today\\) bread").expectStatus().isCreated();

    assertThat(SharedSandbox.SANDBOX.control().posts("linkedin", "m1"))
        .extracting("text")
        .containsExactly("Fresh ", "Fresh (today) bread");
  }

  @Test
  void requiresAnActiveLinkedInVersion() {
    client
        .post()
        .uri("/linkedin/rest/posts")
        .header("Authorization", "Bearer " + TOKEN)
        .bodyValue(body("x"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("VERSION_MISSING");
    post("202001", "x")
        .expectStatus()
        .isEqualTo(426)
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("Requested version 202001 is not active");
  }

  @Test
  void answersAnUnknownTokenWithInvalidAccessToken() {
    client
        .get()
        .uri("/linkedin/rest/posts/urn%3Ali%3Ashare%3A1")
        .header("Authorization", "Bearer nope")
        .header("LinkedIn-Version", VERSION)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.serviceErrorCode")
        .isEqualTo(65600)
        .jsonPath("$.code")
        .isEqualTo("INVALID_ACCESS_TOKEN");
  }

  @Test
  void refusesADuplicateNamingTheExistingPost() {
    String urn =
        post(VERSION, "Once")
            .expectStatus()
            .isCreated()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getFirst("x-restli-id");

    post(VERSION, "Once")
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("Content is a duplicate of " + urn)
        .jsonPath("$.errorDetails.inputErrors[0].code")
        .isEqualTo("DUPLICATE_POST");
  }

  @Test
  void refusesAnAuthorTheMemberMayNotActAs() {
    client
        .post()
        .uri("/linkedin/rest/posts")
        .header("Authorization", "Bearer " + TOKEN)
        .header("LinkedIn-Version", VERSION)
        .bodyValue(
            Map.of(
                "author",
                "urn:li:organization:5",
                "commentary",
                "x",
                "visibility",
                "PUBLIC",
                "distribution",
                Map.of("feedDistribution", "MAIN_FEED"),
                "lifecycleState",
                "PUBLISHED"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("ACCESS_DENIED");
  }

  @Test
  void answersTheDailyLimitWithA429WithoutRateHeaders() {
    client
        .post()
        .uri("/_sandbox/failures")
        .bodyValue(Map.of("platform", "linkedin", "account_id", "m1", "status", 429))
        .exchange()
        .expectStatus()
        .isAccepted();

    post(VERSION, "x")
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .doesNotExist("Retry-After")
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo(
            "Resource level throttle MEMBER DAY limit for calls to this resource is reached.");
  }

  private WebTestClient.ResponseSpec post(String version, String commentary) {
    return client
        .post()
        .uri("/linkedin/rest/posts")
        .header("Authorization", "Bearer " + TOKEN)
        .header("LinkedIn-Version", version)
        .header("X-Restli-Protocol-Version", "2.0.0")
        .bodyValue(body(commentary))
        .exchange();
  }

  private static Map<String, Object> body(String commentary) {
    return Map.of(
        "author", "urn:li:person:m1",
        "commentary", commentary,
        "visibility", "PUBLIC",
        "distribution", Map.of("feedDistribution", "MAIN_FEED"),
        "lifecycleState", "PUBLISHED");
  }
}

package dev.omnipost.aiworker.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.aiworker.OpenAiStub;
import dev.omnipost.aiworker.OpenAiStub.Answer;
import dev.omnipost.aiworker.providers.ImageFitter;
import dev.omnipost.aiworker.providers.ImageRequest;
import dev.omnipost.aiworker.providers.ProviderException;
import dev.omnipost.connectors.Platform;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Against a local server speaking the images/generations wire format ({@code b64_json}). */
class OpenAiCompatibleImagesTests {

  private final OpenAiStub stub = OpenAiStub.start();

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private OpenAiCompatibleImages images(String responseFormat) {
    return new OpenAiCompatibleImages(
        stub.baseUrl(),
        "sk-img",
        "dall-e-3",
        List.of("1024x1024", "1792x1024", "1024x1792"),
        responseFormat,
        Duration.ofSeconds(5));
  }

  private static byte[] squarePng(int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, side, side);
    g.dispose();
    return ImageFitter.png(image);
  }

  @Test
  void asksForTheNearestSizeAsB64JsonAndAnswersThePlatformsExactSize() throws IOException {
    stub.respond(OpenAiStub.IMAGES, request -> Answer.ok(OpenAiStub.imageAnswer(squarePng(1024))));

    byte[] png =
        images("b64_json")
            .png(
                new ImageRequest(
                    "A lighthouse at dawn",
                    Platform.TWITTER,
                    "social",
                    "inspirational",
                    1600,
                    900));

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(1600);
    assertThat(image.getHeight()).isEqualTo(900);
    assertThat(new Color(image.getRGB(800, 450))).isEqualTo(Color.ORANGE);
    OpenAiStub.Received received = stub.last();
    assertThat(received.method() + " " + received.path()).isEqualTo("POST /v1/images/generations");
    assertThat(received.authorization()).isEqualTo("Bearer sk-img");
    JsonNode body = received.body();
    assertThat(body.path("model").asString()).isEqualTo("dall-e-3");
    assertThat(body.path("size").asString()).isEqualTo("1792x1024");
    assertThat(body.path("response_format").asString()).isEqualTo("b64_json");
    assertThat(body.path("n").asInt()).isEqualTo(1);
    assertThat(body.path("prompt").asString())
        .startsWith("A lighthouse at dawn")
        .contains("landscape image for a twitter social post");
  }

  @Test
  void asksForAPortraitSizeForTikTokAndLeavesOutAnEmptyResponseFormat() {
    stub.respond(OpenAiStub.IMAGES, request -> Answer.ok(OpenAiStub.imageAnswer(squarePng(64))));

    images("").png(new ImageRequest("A dance", Platform.TIKTOK, "social", "casual", 1080, 1920));

    assertThat(stub.last().body().path("size").asString()).isEqualTo("1024x1792");
    assertThat(stub.last().body().has("response_format")).isFalse();
  }

  @Test
  void failsWhenTheAnswerIsNotAnImage() {
    stub.respond(
        OpenAiStub.IMAGES,
        request -> Answer.ok("{\"data\":[{\"b64_json\":\"PGh0bWw+PHNjcmlwdD4=\"}]}"));

    assertThatThrownBy(
            () -> images("b64_json").png(new ImageRequest("x", null, "social", "casual", 100, 100)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.code()).isEqualTo(ProviderException.INVALID_OUTPUT));
  }
}

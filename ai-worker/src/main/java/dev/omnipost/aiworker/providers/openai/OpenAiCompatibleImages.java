package dev.omnipost.aiworker.providers.openai;

import dev.omnipost.aiworker.providers.ImageFitter;
import dev.omnipost.aiworker.providers.ImageProvider;
import dev.omnipost.aiworker.providers.ImageRequest;
import dev.omnipost.aiworker.providers.ProviderException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes images through an OpenAI-compatible {@code POST {baseUrl}/images/generations} with {@code
 * b64_json} answers. Models make only a few sizes, so it asks for the one whose shape is nearest to
 * the platform's, then scales and crops the answer to the platform's exact size.
 */
public final class OpenAiCompatibleImages implements ImageProvider {

  public static final String NAME = "openai";

  private final OpenAiHttp http;
  private final String model;
  private final List<int[]> sizes;
  private final String responseFormat;

  /**
   * @param sizes what the model makes, as {@code WIDTHxHEIGHT}
   * @param responseFormat sent as {@code response_format} (b64_json); blank for models that always
   *     answer base64 and refuse the parameter
   */
  public OpenAiCompatibleImages(
      String baseUrl,
      String apiKey,
      String model,
      List<String> sizes,
      String responseFormat,
      Duration timeout) {
    this.http = new OpenAiHttp(baseUrl, apiKey, timeout);
    this.model = model;
    this.sizes = sizes.stream().map(OpenAiCompatibleImages::parseSize).toList();
    this.responseFormat = responseFormat;
    if (this.sizes.isEmpty()) {
      throw new IllegalArgumentException("omnipost.ai.openai.image-sizes must list a size");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] png(ImageRequest request) {
    ObjectNode body = OpenAiHttp.JSON.createObjectNode();
    body.put("model", model);
    body.put("prompt", prompt(request));
    body.put("n", 1);
    int[] size = nearest(request.width(), request.height());
    body.put("size", size[0] + "x" + size[1]);
    if (responseFormat != null && !responseFormat.isBlank()) {
      body.put("response_format", responseFormat);
    }
    JsonNode answer = http.post("/images/generations", body);
    JsonNode encoded = answer.path("data").path(0).path("b64_json");
    if (!encoded.isString() || encoded.asString().isBlank()) {
      throw ProviderException.permanent(
          ProviderException.INVALID_OUTPUT, "the AI provider answered without data[0].b64_json");
    }
    BufferedImage image;
    try {
      image =
          ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(encoded.asString())));
    } catch (IOException | IllegalArgumentException e) {
      image = null;
    }
    if (image == null) {
      throw ProviderException.permanent(
          ProviderException.INVALID_OUTPUT, "the AI provider's b64_json is not an image");
    }
    return ImageFitter.png(ImageFitter.cover(image, request.width(), request.height()));
  }

  static String prompt(ImageRequest request) {
    String shape =
        request.width() == request.height()
            ? "square"
            : request.width() > request.height() ? "landscape" : "portrait";
    return request.prompt().strip()
        + "\n\nA "
        + shape
        + " image for a "
        + (request.platform() == null ? "" : request.platform().id() + " ")
        + request.mode()
        + " post, "
        + request.tone()
        + " in mood.";
  }

  /** The size the model makes whose aspect ratio is nearest to {@code width:height}. */
  int[] nearest(int width, int height) {
    double wanted = Math.log((double) width / height);
    return sizes.stream()
        .min(Comparator.comparingDouble(s -> Math.abs(Math.log((double) s[0] / s[1]) - wanted)))
        .orElseThrow();
  }

  private static int[] parseSize(String size) {
    String[] parts = size.strip().toLowerCase(java.util.Locale.ROOT).split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("an image size looks like 1024x1024, not " + size);
    }
    return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
  }
}

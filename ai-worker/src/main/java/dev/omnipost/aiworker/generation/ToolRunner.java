package dev.omnipost.aiworker.generation;

import dev.omnipost.aiworker.providers.ChatMessage;
import dev.omnipost.aiworker.providers.Finding;
import dev.omnipost.aiworker.providers.Hashtags;
import dev.omnipost.aiworker.providers.ImageProvider;
import dev.omnipost.aiworker.providers.ImageRequest;
import dev.omnipost.aiworker.providers.LengthLimit;
import dev.omnipost.aiworker.providers.PostFindings;
import dev.omnipost.aiworker.providers.TextFitter;
import dev.omnipost.aiworker.providers.TextProvider;
import dev.omnipost.aiworker.providers.ThreadSplitter;
import dev.omnipost.aiworker.providers.Tool;
import dev.omnipost.aiworker.providers.WritingRequest;
import dev.omnipost.connectors.Platform;
import dev.omnipost.events.CloudEventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Runs one generation's tool on the configured providers and holds every answer to the platform's
 * rules, whichever provider wrote it: a text over the limit is asked for once more with a limit 25
 * % tighter, then cut at a word or grapheme boundary; a thread post over the limit is split again
 * at sentence boundaries; hashtags are cleaned and capped at the count asked for.
 */
@Component
class ToolRunner {

  private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {};

  private final TextProvider text;
  private final ImageProvider images;

  ToolRunner(TextProvider text, ImageProvider images) {
    this.text = text;
    this.images = images;
  }

  String providerFor(PendingGeneration generation) {
    return providerFor(generation.kind());
  }

  /** The name of the provider that makes this kind (text or image). */
  String providerFor(String kind) {
    return "image".equals(kind) ? images.name() : text.name();
  }

  GenerationResult run(PendingGeneration generation) {
    Platform platform = Platform.fromId(generation.platform()).orElse(null);
    if (generation.isImage()) {
      String prompt = request(generation, platform).subject();
      ImageRequest image =
          new ImageRequest(
              prompt,
              platform,
              generation.mode() == null ? "social" : generation.mode(),
              generation.tone() == null ? WritingRequest.DEFAULT_TONE : generation.tone(),
              generation.imageWidth(),
              generation.imageHeight());
      return GenerationResult.image(images.png(image), images.name());
    }
    WritingRequest request = request(generation, platform);
    return switch (request.tool()) {
      case GENERATE, COMPOSE ->
          GenerationResult.text(withinLimit(request, text::compose), text.name());
      case REWRITE -> GenerationResult.text(withinLimit(request, text::rewrite), text.name());
      case OPTIMIZE -> {
        List<Finding> findings = PostFindings.of(request.text(), platform, request.limit());
        String improved = withinLimit(request, r -> text.optimize(r, findings));
        yield GenerationResult.optimized(improved, findings, text.name());
      }
      case HASHTAGS ->
          GenerationResult.list(
              Hashtags.cleaned(text.hashtags(request), request.count()), text.name());
      case THREAD ->
          GenerationResult.list(withinLimit(text.thread(request), request.limit()), text.name());
      case IDEAS -> GenerationResult.list(ideas(text.ideas(request), request.count()), text.name());
    };
  }

  private static String withinLimit(
      WritingRequest request, Function<WritingRequest, String> provider) {
    LengthLimit limit = request.limit();
    String first = provider.apply(request).strip();
    if (limit.fits(first)) {
      return first;
    }
    String second = provider.apply(request.withLimit(limit.withMax(limit.max() * 3 / 4)));
    return TextFitter.fit(second, limit);
  }

  /** Posts over the limit split again, blank ones dropped: every post fits, nothing is lost. */
  private static List<String> withinLimit(List<String> posts, LengthLimit limit) {
    List<String> fitted = new ArrayList<>();
    for (String post : posts) {
      if (post == null || post.isBlank()) {
        continue;
      }
      fitted.addAll(
          limit.fits(post.strip()) ? List.of(post.strip()) : ThreadSplitter.split(post, limit));
    }
    return fitted;
  }

  private static List<String> ideas(List<String> ideas, int count) {
    return ideas.stream().filter(idea -> !idea.isBlank()).map(String::strip).limit(count).toList();
  }

  private static WritingRequest request(PendingGeneration generation, Platform platform) {
    Tool tool = Tool.fromId(generation.tool());
    List<ChatMessage> messages =
        generation.messagesJson() == null
            ? List.of()
            : CloudEventCodec.dataMapper().readValue(generation.messagesJson(), MESSAGES);
    // a rewrite or optimization without a platform keeps the text's own length
    LengthLimit limit =
        tool == Tool.REWRITE || tool == Tool.OPTIMIZE
            ? LengthLimit.forPlatform(platform, LengthLimit.TEXT_MAX)
            : LengthLimit.forPlatform(platform);
    return new WritingRequest(
        tool,
        generation.prompt(),
        messages,
        platform,
        generation.mode(),
        generation.tone(),
        generation.itemCount(),
        limit);
  }
}

package dev.omnipost.events.ai;

/**
 * A generation finished; the content is read through the API, not carried in the event.
 *
 * @param kind text or image
 * @param tool generate, compose, rewrite, hashtags, thread, ideas or optimize
 */
public record AiGenerationCompleted(
    String generationId,
    String kind,
    String tool,
    String platform,
    String provider,
    int creditsUsed)
    implements AiGenerationEvent {

  public static final String TYPE = "ai.generation.completed";

  @Override
  public String type() {
    return TYPE;
  }
}

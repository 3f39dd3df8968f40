package dev.omnipost.events.ai;

/** A generation failed and its credits were refunded. */
public record AiGenerationFailed(
    String generationId, String errorCode, String errorMessage, int creditsRefunded)
    implements AiGenerationEvent {

  public static final String TYPE = "ai.generation.failed";

  @Override
  public String type() {
    return TYPE;
  }
}

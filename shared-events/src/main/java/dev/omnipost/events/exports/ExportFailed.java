package dev.omnipost.events.exports;

/** An export could not be written; a new request may be made. */
public record ExportFailed(
    String exportId, String type, String format, String errorCode, String errorMessage)
    implements ExportEvent {

  public static final String TYPE = "export.failed";

  @Override
  public String type() {
    return TYPE;
  }
}

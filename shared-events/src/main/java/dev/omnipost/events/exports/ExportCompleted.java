package dev.omnipost.events.exports;

/** An export's file is written and can be downloaded until it expires. */
public record ExportCompleted(
    String exportId, String type, String format, String period, long rowCount, long sizeBytes)
    implements ExportEvent {

  public static final String TYPE = "export.completed";

  @Override
  public String type() {
    return TYPE;
  }
}

package dev.omnipost.publisher.exports;

import dev.omnipost.events.CloudEventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/** One JSON array of objects, written with a streaming generator, one row at a time. */
final class JsonExportWriter implements ExportWriter {

  private final JsonGenerator json;
  private List<String> columns;

  JsonExportWriter(OutputStream out) {
    this.json = CloudEventCodec.dataMapper().createGenerator(out);
  }

  @Override
  public void header(List<String> columns) {
    this.columns = List.copyOf(columns);
    json.writeStartArray();
  }

  @Override
  public void row(Object[] values) {
    json.writeStartObject();
    for (int i = 0; i < values.length; i++) {
      json.writeName(columns.get(i));
      Object value = values[i];
      if (value == null) {
        json.writeNull();
      } else if (value instanceof Long number) {
        json.writeNumber(number);
      } else if (value instanceof Integer number) {
        json.writeNumber(number);
      } else if (value instanceof Number number) {
        json.writeNumber(number.toString());
      } else if (value instanceof Boolean flag) {
        json.writeBoolean(flag);
      } else {
        json.writeString(value.toString());
      }
    }
    json.writeEndObject();
  }

  @Override
  public void close() throws IOException {
    json.writeEndArray();
    json.close();
  }
}

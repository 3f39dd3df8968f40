package dev.omnipost.publisher.exports;

import java.io.IOException;
import java.util.List;

/** Writes an export's rows one at a time to its file, in CSV or JSON. */
interface ExportWriter extends AutoCloseable {

  void header(List<String> columns) throws IOException;

  /** One row: strings, numbers, booleans or null, in the order of {@link #header}. */
  void row(Object[] values) throws IOException;

  @Override
  void close() throws IOException;
}

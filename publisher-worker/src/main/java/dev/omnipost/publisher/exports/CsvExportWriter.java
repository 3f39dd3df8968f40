package dev.omnipost.publisher.exports;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180 CSV: comma separated, CRLF line ends, a field with a comma, a quote or a line break in
 * double quotes with quotes doubled. A text cell that a spreadsheet would run as a formula (it
 * starts with {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe (OWASP's
 * advice against CSV injection); numbers are written as they are.
 */
final class CsvExportWriter implements ExportWriter {

  private final Writer out;

  CsvExportWriter(Writer out) {
    this.out = out;
  }

  @Override
  public void header(List<String> columns) throws IOException {
    row(columns.toArray());
  }

  @Override
  public void row(Object[] values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      Object value = values[i];
      if (value instanceof Number || value instanceof Boolean) {
        out.write(value.toString());
      } else if (value != null) {
        out.write(cell(value.toString()));
      }
    }
    out.write("\r\n");
  }

  static String cell(String text) {
    String safe = text;
    if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe;
    }
    if (safe.indexOf(',') >= 0
        || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

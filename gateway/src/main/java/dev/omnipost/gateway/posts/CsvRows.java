package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.ApiException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an import file: UTF-8 (an optional byte order mark is dropped), RFC 4180 fields (commas,
 * double quotes around fields that hold commas, quotes or line breaks, {@code ""} for a quote
 * inside), lines ended by CRLF or LF. Each record keeps the line it starts on, so errors name the
 * line a spreadsheet shows. Anything malformed is a 400 {@code import.malformed_file} naming the
 * line; nothing is half-read.
 */
final class CsvRows {

  /** One record and the 1-based line it starts on. */
  record Row(int line, List<String> fields) {}

  private CsvRows() {}

  static List<Row> parse(byte[] bytes, int maxRecords) {
    String text = decode(bytes);
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    int quoteLine = 0;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean recordStarted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          quoted = false;
          afterQuote = true;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        i++;
        continue;
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        recordStarted = true;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (recordStarted || !field.isEmpty() || afterQuote) {
          fields.add(field.toString());
          add(rows, new Row(recordLine, List.copyOf(fields)), maxRecords);
        }
        fields.clear();
        field.setLength(0);
        afterQuote = false;
        recordStarted = false;
        line++;
        recordLine = line;
      } else if (c == '"') {
        if (!field.isEmpty() || afterQuote) {
          throw malformed(line, "a quote inside a field that does not start with one");
        }
        quoted = true;
        quoteLine = line;
        recordStarted = true;
      } else {
        if (afterQuote) {
          throw malformed(line, "text after the closing quote of a field");
        }
        field.append(c);
        recordStarted = true;
      }
      i++;
    }
    if (quoted) {
      throw malformed(quoteLine, "a quoted field that is never closed");
    }
    if (recordStarted || !field.isEmpty() || afterQuote) {
      fields.add(field.toString());
      add(rows, new Row(recordLine, List.copyOf(fields)), maxRecords);
    }
    return rows;
  }

  private static void add(List<Row> rows, Row row, int maxRecords) {
    if (rows.size() == maxRecords) {
      throw new ApiException(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          "import.too_many_rows",
          "An import holds at most "
              + (maxRecords - 1)
              + " rows after the header; line "
              + row.line()
              + " is one too many",
          Map.of("line", row.line(), "max_rows", maxRecords - 1));
    }
    rows.add(row);
  }

  private static String decode(byte[] bytes) {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      for (int b = start; b < offset; b++) {
        if (bytes[b] == '\n') {
          line++;
        }
      }
      throw malformed(line, "bytes that are not UTF-8 (at byte " + offset + ")");
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    if (text.indexOf('\0') >= 0) {
      int line = 1;
      for (int c = 0; c < text.indexOf('\0'); c++) {
        if (text.charAt(c) == '\n') {
          line++;
        }
      }
      throw malformed(line, "the NUL character");
    }
    return text;
  }

  static ApiException malformed(int line, String problem) {
    return ApiException.invalid(
        "import.malformed_file",
        "Line " + line + " of the file has " + problem,
        Map.of("line", line));
  }
}

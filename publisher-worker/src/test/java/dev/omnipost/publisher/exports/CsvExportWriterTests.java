package dev.omnipost.publisher.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvExportWriterTests {

  @Test
  void quotesFieldsWithCommasQuotesAndLineBreaks() {
    assertThat(CsvExportWriter.cell("plain")).isEqualTo("plain");
    assertThat(CsvExportWriter.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvExportWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvExportWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void prefixesCellsASpreadsheetWouldRunAsFormulas() {
    for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
      assertThat(CsvExportWriter.cell(formula)).contains("'" + formula.charAt(0));
    }
    assertThat(CsvExportWriter.cell("=HYPERLINK(\"x\",\"y\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    assertThat(CsvExportWriter.cell("1+1")).isEqualTo("1+1");
  }

  @Test
  void writesNumbersAsTheyAreAndRowsEndingInCrLf() throws Exception {
    StringWriter out = new StringWriter();
    try (CsvExportWriter writer = new CsvExportWriter(out)) {
      writer.header(List.of("name", "likes", "delta"));
      writer.row(new Object[] {"-x", -3L, null});
    }

    assertThat(out.toString()).isEqualTo("name,likes,delta\r\n'-x,-3,\r\n");
  }
}

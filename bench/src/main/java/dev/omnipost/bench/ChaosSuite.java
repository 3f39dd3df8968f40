package dev.omnipost.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chaos suite ({@code bench --scenario chaos}): the scenarios of issue 12 against the
 * multi-process local stack, each counted on the sandbox's (or the receiver's) own records, and one
 * table: scenario | accepted | published | lost | published twice | recovery time. {@code
 * --chaos-scenarios 1,2,3,4,5,6} picks some; every size is a flag whose default is the issue's.
 */
final class ChaosSuite {

  /** One line of the table. */
  record Row(
      String scenario,
      long accepted,
      long published,
      long lost,
      long publishedTwice,
      Duration recovery,
      String notes) {

    String line() {
      return "| %s | %,d | %,d | %,d | %,d | %s | %s |"
          .formatted(
              scenario,
              accepted,
              published,
              lost,
              publishedTwice,
              recovery == null ? "-" : "%.1f s".formatted(recovery.toMillis() / 1000.0),
              notes);
    }
  }

  private ChaosSuite() {}

  static void run(ApiClient api, String operatorToken, Path dataDir, Map<String, String> options) {
    ChaosStack stack = new ChaosStack(dataDir);
    ChaosScenarios scenarios = new ChaosScenarios(api, operatorToken, stack, options);
    List<String> chosen =
        List.of(options.getOrDefault("chaos-scenarios", "1,2,3,4,5,6").split(","));
    List<Row> rows = new ArrayList<>();
    for (String scenario : chosen) {
      System.out.println("chaos: scenario " + scenario.trim());
      try {
        rows.addAll(
            switch (scenario.trim()) {
              case "1" -> List.of(scenarios.publisherKills());
              case "2" -> List.of(scenarios.dispatcherKills());
              case "3" -> List.of(scenarios.brokerStopped());
              case "4" -> scenarios.databaseDown();
              case "5" -> List.of(scenarios.receiverDown());
              case "6" -> List.of(scenarios.everythingKilled());
              default -> throw new IllegalArgumentException("no chaos scenario " + scenario);
            });
      } catch (RuntimeException e) {
        // one scenario that could not run does not hide the others' figures
        e.printStackTrace();
        rows.add(new Row(scenario.trim(), 0, 0, 0, 0, null, "did not run: " + e.getMessage()));
      }
      System.out.println("chaos: " + rows.get(rows.size() - 1).line());
    }
    System.out.println();
    System.out.println(table(rows));
  }

  static String table(List<Row> rows) {
    StringBuilder table = new StringBuilder();
    table.append(
        "| scenario | accepted | published | lost | published twice | recovery time | notes |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    rows.forEach(row -> table.append(row.line()).append('\n'));
    return table.toString();
  }
}

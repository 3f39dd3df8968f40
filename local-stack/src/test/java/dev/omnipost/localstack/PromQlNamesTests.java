package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTests {

  @Test
  void findsTheMetricsBehindFunctionsGroupingAndMatchers() {
    String expr =
        "histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket"
            + "{job=\"gateway\", uri!~\"/actuator.*\"}[5m]))) > 2"
            + " and on(job) up == 1 or vector(0)";

    assertThat(PromQlNames.of(expr)).containsExactly("http_server_requests_seconds_bucket", "up");
  }

  @Test
  void ignoresDurationsKeywordsAndLabelNamesAfterAggregations() {
    String expr =
        "sum(increase(omnipost_publisher_targets_failed_total[15m] offset 5m)) by (platform)"
            + " / ignoring(error_code) group_left sum(rate(omnipost_publisher_targets_published_total[15m]))";

    assertThat(PromQlNames.of(expr))
        .containsExactly(
            "omnipost_publisher_targets_failed_total",
            "omnipost_publisher_targets_published_total");
  }
}

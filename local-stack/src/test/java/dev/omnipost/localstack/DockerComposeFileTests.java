package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Checks docker-compose.yml without a Docker engine (none runs on the build machines): every
 * service is there with its ports and health check, every environment variable it sets is a setting
 * the service really reads (by Spring's own relaxed binding against the service's settings file),
 * Kafka runs in KRaft mode, and Prometheus scrapes every service.
 */
class DockerComposeFileTests {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @CsvSource({
    "gateway, 8080, 9080",
    "publisher-worker, 8081, 9081",
    "inbox-ingestor, 8082, 9082",
    "ai-worker, 8083, 9083",
    "webhook-dispatcher, 8084, 9084"
  })
  void everyServiceRunsWithItsPortsHealthCheckAndRealSettings(
      String name, int serverPort, int managementPort) throws IOException {
    Map<String, Object> service = service(name);

    Map<String, String> environment = environment(service);
    assertThat(environment)
        .containsEntry("SERVER_PORT", Integer.toString(serverPort))
        .containsEntry("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
    assertThat(service.get("ports").toString()).contains(managementPort + ":" + managementPort);
    assertThat(service.get("healthcheck").toString())
        .contains("http://localhost:" + managementPort + "/actuator/health");
    assertThat(((Map<?, ?>) ((Map<?, ?>) service.get("build")).get("args")).get("MODULE"))
        .isEqualTo(name);
    List<String> settings = settingsOf(name);
    for (String variable : environment.keySet()) {
      assertThat(isBoundToASetting(variable, settings))
          .as("%s sets %s, which %s.yml does not declare", name, variable, name)
          .isTrue();
    }
  }

  @Test
  void theGatewayAndTheDispatcherShareOneEgressAllowListThatIsEmptyByDefault() throws IOException {
    String gateway = environment(service("gateway")).get("OMNIPOST_EGRESS_ALLOWED_NETWORKS");
    String dispatcher =
        environment(service("webhook-dispatcher")).get("OMNIPOST_EGRESS_ALLOWED_NETWORKS");

    assertThat(gateway).isEqualTo("${OMNIPOST_EGRESS_ALLOWED_NETWORKS:-}");
    assertThat(dispatcher).isEqualTo(gateway);
  }

  @Test
  void kafkaRunsInKraftModeWithoutZookeeper() throws IOException {
    Map<String, String> kafka = environment(service("kafka"));

    assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
    assertThat(kafka.keySet()).noneMatch(key -> key.contains("ZOOKEEPER"));
    assertThat(kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isNotBlank();
  }

  @Test
  void prometheusScrapesEveryServiceOnItsManagementPort() throws IOException {
    String prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
    Map<String, Object> compose = compose();

    for (String name :
        List.of(
            "gateway", "publisher-worker", "inbox-ingestor", "ai-worker", "webhook-dispatcher")) {
      String managementPort = environment(service(name)).get("MANAGEMENT_SERVER_PORT");
      assertThat(prometheus).contains("\"" + name + ":" + managementPort + "\"");
    }
    assertThat(prometheus).contains("metrics_path: /actuator/prometheus");
    @SuppressWarnings("unchecked")
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services).containsKeys("prometheus", "grafana");
  }

  @Test
  void prometheusLoadsTheShippedAlertRules() throws IOException {
    Map<?, ?> prometheus =
        new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));

    assertThat(prometheus.get("rule_files").toString()).contains("/etc/prometheus/alerts.yml");
    assertThat(service("prometheus").get("volumes").toString())
        .contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    assertThat(ROOT.resolve("deploy/prometheus/alerts.yml")).isRegularFile();
  }

  /** Whether Spring's relaxed binding feeds the variable into one of the service's settings. */
  private static boolean isBoundToASetting(String variable, List<String> settings) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    // only the name matters; compose's own ${VAR:-default} values are not Spring placeholders
    Map<String, Object> single = Map.of(variable, "x");
    environment
        .getPropertySources()
        .addFirst(new SystemEnvironmentPropertySource("compose", single));
    ConfigurationPropertySources.attach(environment);
    return settings.stream().anyMatch(setting -> environment.getProperty(setting) != null);
  }

  @SuppressWarnings("unchecked")
  private static List<String> settingsOf(String service) throws IOException {
    try (InputStream yaml =
        DockerComposeFileTests.class.getResourceAsStream("/" + service + ".yml")) {
      assertThat(yaml).as("%s.yml on the classpath", service).isNotNull();
      List<String> keys = new ArrayList<>();
      for (Object document : new Yaml().loadAll(yaml)) {
        flatten("", (Map<String, Object>) document, keys);
      }
      return keys;
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, List<String> keys) {
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) {
        flatten(key, (Map<String, Object>) nested, keys);
      } else {
        keys.add(key);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> environment = new LinkedHashMap<>();
    ((Map<String, Object>) service.get("environment"))
        .forEach((key, value) -> environment.put(key, value == null ? "" : value.toString()));
    return environment;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws IOException {
    Map<String, Object> services = (Map<String, Object>) compose().get("services");
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  private static Map<String, Object> compose() throws IOException {
    String text = Files.readString(ROOT.resolve("docker-compose.yml"));
    Map<String, Object> compose = new Yaml().load(text);
    return compose == null ? new HashMap<>() : compose;
  }
}

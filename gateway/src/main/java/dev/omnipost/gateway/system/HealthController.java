package dev.omnipost.gateway.system;

import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.PublicRoute;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /v1/health}: whether the API can serve requests, for load balancers and humans. */
@RestController
class HealthController {

  private static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(2);
  private static final String VERSION = versionOf(HealthController.class);

  private final DatabaseClient db;

  HealthController(DatabaseClient db) {
    this.db = db;
  }

  record Health(String status, String version, Instant time) {}

  @GetMapping("/v1/health")
  @PublicRoute("load balancers and uptime checks probe it without a key")
  Mono<ResponseEntity<Envelope<Health>>> health() {
    return db.sql("SELECT 1")
        .fetch()
        .rowsUpdated()
        .timeout(DATABASE_TIMEOUT)
        .map(ignored -> ResponseEntity.ok(Envelope.of(new Health("ok", VERSION, Instant.now()))))
        .onErrorResume(
            failure ->
                Mono.just(
                    ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(Envelope.of(new Health("degraded", VERSION, Instant.now())))));
  }

  private static String versionOf(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }
}

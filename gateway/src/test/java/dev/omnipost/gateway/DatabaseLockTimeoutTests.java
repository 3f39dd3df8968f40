package dev.omnipost.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.embedded.SharedTestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A statement blocked on a lock ends at the gateway's {@code lock_timeout} (1 s) and the request
 * answers the 503 envelope while the lock is still held, instead of waiting for it.
 */
class DatabaseLockTimeoutTests extends GatewayTestSupport {

  @Test
  void aRequestBlockedOnALockAnswers503WhileTheLockIsHeld() throws SQLException {
    Tenant tenant = newTenant();
    Map<String, String> db = SharedTestInfrastructure.get().springProperties();
    Properties credentials = new Properties();
    credentials.setProperty("user", db.get("spring.datasource.username"));
    credentials.setProperty("password", db.get("spring.datasource.password"));

    try (Connection holder =
        DriverManager.getConnection(db.get("spring.datasource.url"), credentials)) {
      holder.setAutoCommit(false);
      // a new brand's foreign key check needs a share lock on its workspace row
      try (PreparedStatement lock =
          holder.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")) {
        lock.setString(1, tenant.workspaceId());
        assertThat(lock.executeQuery().next()).isTrue();
      }

      post(tenant, "/v1/brands")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("name", "Blocked"))
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("service.unavailable");

      assertThat(holder.isValid(1)).isTrue(); // the lock was held throughout
      holder.rollback();
    }

    post(tenant, "/v1/brands")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("name", "Unblocked"))
        .exchange()
        .expectStatus()
        .isCreated();
  }
}

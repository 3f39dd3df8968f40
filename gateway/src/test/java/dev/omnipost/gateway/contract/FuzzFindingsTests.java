package dev.omnipost.gateway.contract;

import dev.omnipost.gateway.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Answers {@link ContractFuzzTests} found broken, kept as plain regression tests. */
class FuzzFindingsTests extends GatewayTestSupport {

  /** Seed 7 found {@code {"account_ids":[[…]]}} answering 500 (an array read as a string). */
  @Test
  void choosingWithIdsThatAreNotStringsIsA400NamingTheField() {
    Tenant tenant = newTenant();
    for (String body :
        new String[] {
          "{\"account_ids\":[[\"acc_1\"]]}", "{\"account_ids\":[1]}", "{\"account_ids\":[null]}"
        }) {
      post(tenant, "/v1/accounts/connect/some-state/choose")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("account_ids");
    }
  }
}

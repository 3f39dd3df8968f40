package dev.omnipost.gateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

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

  /**
   * The merged build's seed 20261203 found {@code Content-Type: ;;;} answering 500 on every JSON
   * route: the header does not parse as a media type.
   */
  @Test
  void aContentTypeThatIsNotAMediaTypeIsA415() {
    Tenant tenant = newTenant();
    String body = "{\"name\":\"Acme\"}";
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "POST /v1/brands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + tenant.apiKey()
                + "\r\nContent-Type: ;;;\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body);
    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.body()).contains("\"code\":\"request.unsupported_media_type\"");
  }
}

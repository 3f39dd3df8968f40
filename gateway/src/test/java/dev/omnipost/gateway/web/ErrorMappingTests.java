package dev.omnipost.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import java.net.ConnectException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

class ErrorMappingTests {

  @Test
  void apiExceptionsPassThrough() {
    ApiException error = ApiException.conflict("post.not_editable", "no");

    assertThat(ErrorMapping.toApiException(error)).isSameAs(error);
  }

  @Test
  void databaseConnectionFailuresBecome503() {
    ApiException error =
        ErrorMapping.toApiException(
            new DataAccessResourceFailureException("down", new ConnectException("refused")));

    assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(error.code()).isEqualTo("service.unavailable");
    assertThat(error.getMessage()).doesNotContain("refused");
  }

  @Test
  void oversizedBodiesBecome413() {
    ApiException error =
        ErrorMapping.toApiException(
            new ServerWebInputException(
                "bad", null, new DataBufferLimitException("Exceeded limit")));

    assertThat(error.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
  }

  @Test
  void unknownRoutesAndMethodsHaveStableCodes() {
    assertThat(
            ErrorMapping.toApiException(new ResponseStatusException(HttpStatus.NOT_FOUND)).code())
        .isEqualTo("route.not_found");
    ApiException notAllowed =
        ErrorMapping.toApiException(
            new MethodNotAllowedException(
                HttpMethod.DELETE, Set.of(HttpMethod.GET, HttpMethod.POST)));
    assertThat(notAllowed.code()).isEqualTo("request.method_not_allowed");
    assertThat(notAllowed.meta())
        .containsEntry("allowed_methods", java.util.List.of("GET", "POST"));
  }

  @Test
  void malformedJsonIs400() {
    ApiException error =
        ErrorMapping.toApiException(
            new ServerWebInputException(
                "Failed to read HTTP message",
                null,
                new DecodingException(
                    "JSON decoding error",
                    new tools.jackson.core.exc.StreamReadException(
                        (tools.jackson.core.JsonParser) null, "Unexpected end"))));

    assertThat(error.code()).isEqualTo("request.malformed_json");
  }

  @Test
  void textPostgresCannotStoreIsA400NotA500() {
    ApiException error =
        ErrorMapping.toApiException(
            new BadSqlGrammarException(
                "execute",
                "INSERT ...",
                new R2dbcBadGrammarException(
                    "invalid byte sequence for encoding \"UTF8\": 0x00", "22021")));

    assertThat(error.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(error.code()).isEqualTo("request.invalid_characters");
    assertThat(error.getMessage()).doesNotContain("byte sequence");
  }

  @Test
  void aBodyThatDoesNotMatchItsContentTypeIsA400() {
    ApiException error =
        ErrorMapping.toApiException(
            new DecodingException("No multipart boundary found in Content-Type"));

    assertThat(error.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(error.code()).isEqualTo("request.malformed_body");
  }

  @Test
  void anythingElseIsA500ThatRevealsNothing() {
    ApiException error = ErrorMapping.toApiException(new IllegalStateException("secret internals"));

    assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(error.code()).isEqualTo("internal_error");
    assertThat(error.getMessage()).doesNotContain("secret");
  }
}

package dev.omnipost.gateway.web;

import io.netty.handler.timeout.ReadTimeoutException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.netty.channel.AbortedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * Translates any failure into the {@link ApiException} the client sees, so framework errors
 * (routing, codecs, the database being down) get the same envelope and stable codes as our own.
 * Anything unknown becomes a 500 {@code internal_error} that reveals nothing about the cause.
 */
public final class ErrorMapping {

  private ErrorMapping() {}

  /** The error to answer for {@code failure}; never null. */
  public static ApiException toApiException(Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (causeOf(failure, ReadTimeoutException.class) != null
        || causeOf(failure, HttpServerTimeouts.BodyTimeoutException.class) != null) {
      return new ApiException(
          HttpStatus.REQUEST_TIMEOUT,
          "request.timeout",
          "The request body did not arrive in time",
          Map.of());
    }
    if (isClientAbort(failure)) {
      return ApiException.invalid(
          "request.aborted",
          "The client closed the connection before the request was complete",
          Map.of());
    }
    if (isDatabaseUnavailable(failure)) {
      return new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "service.unavailable",
          "A dependency is unavailable; try again shortly");
    }
    if (isUnstorableText(failure)) {
      return ApiException.invalid(
          "request.invalid_characters",
          "Text must be valid Unicode and must not contain the NUL character (\\u0000)",
          Map.of());
    }
    if (causeOf(failure, DataBufferLimitException.class) != null
        || failure instanceof PayloadTooLargeException
        || failure instanceof ContentTooLargeException) {
      return tooLarge();
    }
    if (failure instanceof MethodNotAllowedException notAllowed) {
      Set<String> allowed =
          notAllowed.getSupportedMethods().stream()
              .map(HttpMethod::name)
              .sorted()
              .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
      return new ApiException(
          HttpStatus.METHOD_NOT_ALLOWED,
          "request.method_not_allowed",
          "Method " + notAllowed.getHttpMethod() + " is not allowed here",
          Map.of("allowed_methods", List.copyOf(allowed)));
    }
    if (causeOf(failure, InvalidMediaTypeException.class) != null) {
      return new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "request.unsupported_media_type",
          "The Content-Type header is not a valid media type; send application/json",
          Map.of("supported", List.of("application/json")));
    }
    if (failure instanceof UnsupportedMediaTypeStatusException unsupported) {
      return new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "request.unsupported_media_type",
          "Content-Type "
              + (unsupported.getContentType() == null ? "(none)" : unsupported.getContentType())
              + " is not supported here",
          Map.of(
              "supported",
              unsupported.getSupportedMediaTypes().stream().map(Object::toString).toList()));
    }
    if (failure instanceof NotAcceptableStatusException) {
      return new ApiException(
          HttpStatus.NOT_ACCEPTABLE, "request.not_acceptable", "This resource is only JSON");
    }
    if (failure instanceof ServerWebInputException input) {
      return fromInput(input);
    }
    DecodingException undecodable = causeOf(failure, DecodingException.class);
    if (undecodable != null && causeOf(failure, JacksonException.class) == null) {
      // e.g. multipart without a boundary: the body does not match its own Content-Type
      return ApiException.invalid(
          "request.malformed_body",
          "The request body could not be read as its Content-Type says: "
              + undecodable.getMessage(),
          Map.of());
    }
    if (failure instanceof ResponseStatusException status) {
      if (status.getStatusCode().value() == 404) {
        return new ApiException(HttpStatus.NOT_FOUND, "route.not_found", "No such route");
      }
      HttpStatus resolved = HttpStatus.resolve(status.getStatusCode().value());
      if (resolved != null && resolved.is4xxClientError()) {
        return new ApiException(
            resolved, "request." + resolved.name().toLowerCase(), resolved.getReasonPhrase());
      }
    }
    return internalError();
  }

  public static ApiException internalError() {
    return new ApiException(
        HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on our side");
  }

  public static ApiException tooLarge() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE, "request.too_large", "The request body is too large");
  }

  private static ApiException fromInput(ServerWebInputException input) {
    if (input instanceof MissingRequestValueException missing) {
      return ApiException.invalid(
          "request.missing_parameter",
          missing.getLabel() + " '" + missing.getName() + "' is required",
          Map.of("field", missing.getName()));
    }
    TypeMismatchException mismatch = causeOf(input, TypeMismatchException.class);
    if (mismatch != null) {
      String field = mismatch.getPropertyName();
      if (field == null && input.getMethodParameter() != null) {
        field = input.getMethodParameter().getParameterName();
      }
      return invalidField(field == null ? "unknown" : field, "has the wrong type");
    }
    StrictJsonConfiguration.MalformedTextException malformed =
        causeOf(input, StrictJsonConfiguration.MalformedTextException.class);
    if (malformed != null) {
      String field = pathOf(malformed.getPath());
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("field", field.isEmpty() ? "unknown" : field);
      return ApiException.invalid(
          "request.invalid_characters",
          "Field '" + meta.get("field") + "' is not valid Unicode (it has a lone surrogate)",
          meta);
    }
    DatabindException binding = causeOf(input, DatabindException.class);
    if (binding != null && !binding.getPath().isEmpty()) {
      return invalidField(pathOf(binding.getPath()), "has the wrong type or format");
    }
    if (causeOf(input, StreamReadException.class) != null
        || causeOf(input, JacksonException.class) != null) {
      return ApiException.invalid(
          "request.malformed_json", "The request body is not valid JSON", Map.of());
    }
    if (input.getReason() != null && input.getReason().contains("request body")) {
      return ApiException.invalid(
          "request.missing_body", "This request needs a JSON body", Map.of());
    }
    return ApiException.invalid(
        "request.invalid",
        input.getReason() == null ? "Invalid request" : input.getReason(),
        Map.of());
  }

  private static ApiException invalidField(String field, String problem) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("field", field);
    return ApiException.invalid("request.invalid_field", "Field '" + field + "' " + problem, meta);
  }

  private static String pathOf(List<JacksonException.Reference> path) {
    StringBuilder field = new StringBuilder();
    for (JacksonException.Reference reference : path) {
      if (reference.getPropertyName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  /**
   * PostgreSQL refuses text it cannot store (the NUL character, invalid byte sequences) with
   * SQLSTATE 22021 or 22P05, whichever field or path segment carried it: that is bad input.
   */
  private static boolean isUnstorableText(Throwable failure) {
    R2dbcException database = causeOf(failure, R2dbcException.class);
    return database != null
        && ("22021".equals(database.getSqlState()) || "22P05".equals(database.getSqlState()));
  }

  /**
   * The client went away mid-request (an aborted upload, a reset connection) or stalled past the
   * read timeout: nobody reads the answer, and it is not a failure of ours, so it must not be
   * logged as one.
   */
  public static boolean isClientAbort(Throwable failure) {
    if (causeOf(failure, AbortedException.class) != null
        || causeOf(failure, ReadTimeoutException.class) != null
        || causeOf(failure, HttpServerTimeouts.BodyTimeoutException.class) != null
        || causeOf(failure, ClosedChannelException.class) != null) {
      return true;
    }
    IOException io = causeOf(failure, IOException.class);
    String message = io == null ? null : io.getMessage();
    return message != null
        && (message.contains("Connection reset")
            || message.contains("Broken pipe")
            || message.contains("Connection prematurely closed"));
  }

  /**
   * PostgreSQL down, unreachable, silent past its bound, or ending a statement at its {@code
   * statement_timeout} (57014) or {@code lock_timeout} (55P03): answered 503, never a hang.
   */
  private static boolean isDatabaseUnavailable(Throwable failure) {
    R2dbcException database = causeOf(failure, R2dbcException.class);
    if (database != null
        && ("57014".equals(database.getSqlState()) || "55P03".equals(database.getSqlState()))) {
      return true;
    }
    return causeOf(failure, DataAccessResourceFailureException.class) != null
        || causeOf(failure, QueryTimeoutException.class) != null
        || causeOf(failure, R2dbcTimeoutException.class) != null
        || causeOf(failure, R2dbcNonTransientResourceException.class) != null
        || causeOf(failure, R2dbcTransientResourceException.class) != null
        || causeOf(failure, ConnectException.class) != null;
  }

  private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < 16; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    return null;
  }
}

package dev.omnipost.connectors.meta;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.http.PlatformHttp;
import dev.omnipost.connectors.http.PlatformResponse;
import dev.omnipost.connectors.steps.DeleteResult;
import dev.omnipost.connectors.steps.StepContext;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The calls Facebook Pages and Threads make alike on a Meta Graph API: bearer-authenticated GET,
 * form POST and DELETE under one API root, Meta's errors translated ({@link MetaErrorTranslator}),
 * and the usage header's percentage turned into what is left of the account's budget for the step's
 * pacing.
 */
public final class GraphCalls {

  private final RestClient client;
  private final PlatformHttp http;
  private final String apiUrl;
  private final int callsPerWindow;
  private final Clock clock;

  /**
   * @param apiUrl the versioned root, e.g. {@code https://graph.facebook.com/v21.0}
   * @param callsPerWindow the documented budget the usage header's percentage is a share of
   */
  public GraphCalls(
      RestClient client, Platform platform, String apiUrl, int callsPerWindow, Clock clock) {
    this.client = client;
    this.http = new PlatformHttp(platform, new MetaErrorTranslator(platform, clock));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.callsPerWindow = callsPerWindow;
    this.clock = clock;
  }

  /** {@code POST apiUrl + path} with a form; {@code path}'s one variable is the account's id. */
  public JsonNode post(
      AccountCredentials account,
      StepContext context,
      String path,
      MultiValueMap<String, String> form) {
    PlatformResponse response =
        http.call(
            client
                .post()
                .uri(apiUrl + path, account.platformAccountId())
                .headers(h -> h.setBearerAuth(account.accessToken()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form));
    report(response, context);
    return response.body();
  }

  /** {@code GET apiUrl + path}, its variables filled in order. */
  public JsonNode get(
      AccountCredentials account, StepContext context, String path, Object... variables) {
    PlatformResponse response =
        http.call(
            client
                .get()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken())));
    report(response, context);
    return response.body();
  }

  /** {@code DELETE apiUrl/{id}}; an object Meta no longer has is already gone. */
  public DeleteResult delete(AccountCredentials account, String objectId) {
    try {
      http.call(
          client
              .delete()
              .uri(apiUrl + "/{id}", objectId)
              .headers(h -> h.setBearerAuth(account.accessToken())));
      return new DeleteResult.Deleted();
    } catch (PermanentPlatformException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        return new DeleteResult.AlreadyGone();
      }
      throw e;
    }
  }

  /**
   * {@code POST apiUrl + path} with a form on another object than the account ({@code path}'s
   * variables filled in order), e.g. a comment; the usage header is not reported.
   */
  public JsonNode postOn(
      AccountCredentials account,
      String path,
      MultiValueMap<String, String> form,
      Object... variables) {
    return http.call(
            client
                .post()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form))
        .body();
  }

  /** {@code POST apiUrl + path} with a JSON body, {@code path}'s variables filled in order. */
  public JsonNode postJsonOn(
      AccountCredentials account, String path, Object body, Object... variables) {
    return http.call(
            client
                .post()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body))
        .body();
  }

  /** {@code DELETE apiUrl + path}, its variables filled in order; Meta's errors are thrown. */
  public JsonNode deleteOn(AccountCredentials account, String path, Object... variables) {
    return http.call(
            client
                .delete()
                .uri(apiUrl + path, variables)
                .headers(h -> h.setBearerAuth(account.accessToken())))
        .body();
  }

  /** The usage header in percent: what is left of the budget, and when to call again. */
  private void report(PlatformResponse response, StepContext context) {
    MetaUsage usage = MetaUsage.of(response.headers());
    if (usage.percent() >= 0) {
      int remaining = (int) Math.max(0, callsPerWindow * (100L - usage.percent()) / 100);
      Duration wait = usage.waitBeforeCalling();
      context.rateLimit(remaining, clock.instant().plus(wait != null ? wait : Duration.ofHours(1)));
    }
  }
}

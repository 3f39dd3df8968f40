package dev.omnipost.sandbox.googlebusiness;

import dev.omnipost.sandbox.control.SandboxAccount;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Google Business Profile local posts (API v4) under {@code /google-business} as if at {@code
 * https://mybusiness.googleapis.com}: create (STANDARD, EVENT, OFFER, ALERT; a photo by URL,
 * fetched first; a call to action), list (newest first), get and delete.
 */
@RestController
@RequestMapping("/google-business/v4/accounts/{account}/locations/{location}/localPosts")
class GoogleBusinessController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int SUMMARY_LIMIT = 1500;
  private static final Set<String> TOPICS = Set.of("STANDARD", "EVENT", "OFFER", "ALERT");
  private static final Set<String> ACTIONS =
      Set.of("BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL");

  private final GoogleBusinessStore store;
  private final GoogleBusinessSettings settings;
  private final WebClient fetcher;

  GoogleBusinessController(
      GoogleBusinessStore store, GoogleBusinessSettings settings, WebClient mediaFetchClient) {
    this.store = store;
    this.settings = settings;
    this.fetcher = mediaFetchClient;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> create(
      @PathVariable String account,
      @PathVariable String location,
      @RequestBody JsonNode body,
      ServerWebExchange exchange) {
    String topic = body.path("topicType").asString("");
    if (!TOPICS.contains(topic)) {
      throw GoogleBusinessErrors.invalid(
          "topic_type", "topicType must be one of STANDARD, EVENT, OFFER, ALERT.");
    }
    String summary = body.path("summary").asString("");
    if (summary.codePointCount(0, summary.length()) > SUMMARY_LIMIT) {
      throw GoogleBusinessErrors.invalid("summary", "summary must be at most 1500 characters.");
    }
    if (summary.isBlank() && !topic.equals("EVENT") && !topic.equals("OFFER")) {
      throw GoogleBusinessErrors.invalid("summary", "summary is required.");
    }
    JsonNode event = body.path("event");
    if (topic.equals("EVENT") || topic.equals("OFFER")) {
      if (event.path("title").asString("").isBlank()
          || !event.path("schedule").path("startDate").isObject()
          || !event.path("schedule").path("endDate").isObject()) {
        throw GoogleBusinessErrors.invalid(
            "event", "event.title and event.schedule with startDate and endDate are required.");
      }
    }
    if (topic.equals("ALERT") && !"COVID_19".equals(body.path("alertType").asString(null))) {
      throw GoogleBusinessErrors.invalid("alert_type", "alertType COVID_19 is required.");
    }
    JsonNode action = body.path("callToAction");
    if (!action.isMissingNode()) {
      if (topic.equals("OFFER")) {
        throw GoogleBusinessErrors.invalid(
            "call_to_action", "Offer posts cannot have a call to action.");
      }
      String type = action.path("actionType").asString("");
      if (!ACTIONS.contains(type)) {
        throw GoogleBusinessErrors.invalid(
            "call_to_action.action_type", "actionType " + type + " is not valid.");
      }
      if (!type.equals("CALL") && action.path("url").asString("").isBlank()) {
        throw GoogleBusinessErrors.invalid("call_to_action.url", "url is required.");
      }
    }
    JsonNode media = body.path("media");
    if (media.size() > 1) {
      throw GoogleBusinessErrors.invalid("media", "A local post takes one photo.");
    }
    String name = "accounts/" + account + "/locations/" + location;
    SandboxAccount owner = exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
    Mono<Boolean> photoOk = Mono.just(true);
    if (media.size() == 1) {
      JsonNode item = media.get(0);
      if (!"PHOTO".equals(item.path("mediaFormat").asString(null))) {
        throw GoogleBusinessErrors.invalid(
            "media.media_format", "Local posts take mediaFormat PHOTO.");
      }
      photoOk = fetchable(item.path("sourceUrl").asString(""));
    }
    return photoOk.map(
        ok -> {
          if (!ok) {
            throw GoogleBusinessErrors.invalid(
                "media.source_url", "The photo could not be fetched from sourceUrl.");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> json = JSON.convertValue(body, Map.class);
          json.putIfAbsent("languageCode", "en");
          return view(store.create(owner.accountId(), name, json));
        });
  }

  @GetMapping
  Map<String, Object> list(
      @PathVariable String account,
      @PathVariable String location,
      @RequestParam(defaultValue = "20") int pageSize) {
    if (pageSize < 1 || pageSize > 100) {
      throw GoogleBusinessErrors.invalid("page_size", "pageSize must be between 1 and 100.");
    }
    List<Map<String, Object>> posts = new ArrayList<>();
    store
        .posts("accounts/" + account + "/locations/" + location, pageSize)
        .forEach(p -> posts.add(view(p)));
    return Map.of("localPosts", posts);
  }

  @GetMapping("/{post}")
  Map<String, Object> get(
      @PathVariable String account, @PathVariable String location, @PathVariable String post) {
    return view(
        store.post(name(account, location, post)).orElseThrow(GoogleBusinessErrors::notFound));
  }

  @DeleteMapping("/{post}")
  Map<String, Object> delete(
      @PathVariable String account, @PathVariable String location, @PathVariable String post) {
    if (!store.delete(name(account, location, post))) {
      throw GoogleBusinessErrors.notFound();
    }
    return Map.of();
  }

  @ExceptionHandler(GoogleBusinessErrors.class)
  ResponseEntity<String> error(GoogleBusinessErrors error) {
    return ResponseEntity.status(error.status())
        .contentType(MediaType.APPLICATION_JSON)
        .body(error.body());
  }

  private static String name(String account, String location, String post) {
    return "accounts/" + account + "/locations/" + location + "/localPosts/" + post;
  }

  private static Map<String, Object> view(GoogleBusinessStore.LocalPost post) {
    Map<String, Object> json = new LinkedHashMap<>(post.json());
    String time = DateTimeFormatter.ISO_INSTANT.format(post.createTime());
    json.put("name", post.name());
    json.put("createTime", time);
    json.put("updateTime", time);
    json.put("state", "LIVE");
    json.put("searchUrl", GoogleBusinessStore.searchUrl(post));
    return json;
  }

  private Mono<Boolean> fetchable(String url) {
    return Mono.defer(
            () -> {
              URI uri = URI.create(url);
              if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return Mono.just(false);
              }
              return fetcher
                  .get()
                  .uri(uri)
                  .exchangeToMono(
                      response ->
                          response
                              .releaseBody()
                              .thenReturn(
                                  response.statusCode().is2xxSuccessful()
                                      && response
                                          .headers()
                                          .contentType()
                                          .map(t -> t.getType().equals("image"))
                                          .orElse(false)));
            })
        .timeout(settings.mediaFetchTimeout())
        .onErrorReturn(false);
  }
}

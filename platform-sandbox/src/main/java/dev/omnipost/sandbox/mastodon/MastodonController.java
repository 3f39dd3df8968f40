package dev.omnipost.sandbox.mastodon;

import dev.omnipost.sandbox.SandboxResponses;
import dev.omnipost.sandbox.control.SandboxAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Mastodon's statuses and media endpoints, under {@code /mastodon} as if it were an instance. */
@RestController
@RequestMapping("/mastodon")
class MastodonController {

  private static final ResponseEntity<Object> NOT_FOUND =
      ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "Record not found"));

  private final MastodonStore store;
  private final MastodonReplies replies;

  MastodonController(MastodonStore store, MastodonReplies replies) {
    this.store = store;
    this.replies = replies;
  }

  @PostMapping(path = "/api/v1/statuses", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Object> createFromJson(
      @RequestBody JsonNode body,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      ServerWebExchange exchange) {
    List<String> mediaIds = new ArrayList<>();
    body.path("media_ids").forEach(id -> mediaIds.add(id.asString()));
    var params =
        new MastodonStore.StatusParams(
            text(body, "status"),
            text(body, "visibility"),
            text(body, "spoiler_text"),
            text(body, "language"),
            mediaIds,
            text(body, "in_reply_to_id"));
    return create(exchange, params, idempotencyKey);
  }

  /** Form bodies (and query parameters), as Rails merges them. */
  @PostMapping("/api/v1/statuses")
  Mono<ResponseEntity<Object>> createFromForm(
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      ServerWebExchange exchange) {
    return exchange
        .getFormData()
        .map(
            form -> {
              MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
              List<String> mediaIds = new ArrayList<>();
              for (String name : List.of("media_ids[]", "media_ids")) {
                mediaIds.addAll(form.getOrDefault(name, List.of()));
                mediaIds.addAll(query.getOrDefault(name, List.of()));
              }
              var params =
                  new MastodonStore.StatusParams(
                      param(form, query, "status"),
                      param(form, query, "visibility"),
                      param(form, query, "spoiler_text"),
                      param(form, query, "language"),
                      mediaIds,
                      param(form, query, "in_reply_to_id"));
              return create(exchange, params, idempotencyKey);
            });
  }

  @GetMapping("/api/v1/statuses/{id}")
  ResponseEntity<Object> status(@PathVariable String id, ServerWebExchange exchange) {
    return store
        .status(account(exchange), id)
        .<ResponseEntity<Object>>map(s -> ResponseEntity.ok(MastodonJson.status(s, false)))
        .orElse(NOT_FOUND);
  }

  /** The account's statuses, newest first ({@code limit} 1-40, default 20). */
  @GetMapping("/api/v1/accounts/{accountId}/statuses")
  ResponseEntity<Object> accountStatuses(
      @PathVariable String accountId,
      @RequestParam(defaultValue = "20") int limit,
      ServerWebExchange exchange) {
    SandboxAccount viewer = account(exchange);
    return ResponseEntity.ok(
        store.recent(accountId, Math.max(1, Math.min(limit, 40))).stream()
            .filter(
                s ->
                    s.account().accountId().equals(viewer.accountId())
                        || !s.visibility().equals("direct"))
            .map(s -> MastodonJson.status(s, false))
            .toList());
  }

  @DeleteMapping("/api/v1/statuses/{id}")
  ResponseEntity<Object> delete(@PathVariable String id, ServerWebExchange exchange) {
    return store
        .delete(account(exchange), id)
        .<ResponseEntity<Object>>map(s -> ResponseEntity.ok(MastodonJson.status(s, true)))
        .orElse(NOT_FOUND);
  }

  /** Answers 202 while the upload is processing, as Mastodon does for anything but tiny files. */
  @PostMapping(path = "/api/v2/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Mono<ResponseEntity<Object>> upload(ServerWebExchange exchange) {
    SandboxAccount account = account(exchange);
    return exchange
        .getMultipartData()
        .flatMap(
            parts -> {
              Part file = parts.getFirst("file");
              if (!(file instanceof FilePart filePart)) {
                return Mono.just(
                    ResponseEntity.unprocessableEntity()
                        .<Object>body(Map.of("error", "Validation failed: File can't be blank")));
              }
              Part descriptionPart = parts.getFirst("description");
              String description =
                  descriptionPart instanceof FormFieldPart field ? field.value() : null;
              MediaType contentType = filePart.headers().getContentType();
              return DataBufferUtils.join(filePart.content())
                  .map(
                      buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        var media =
                            store.upload(
                                account,
                                SandboxResponses.origin(exchange),
                                contentType == null ? null : contentType.toString(),
                                bytes,
                                description);
                        HttpStatus status = media.ready() ? HttpStatus.OK : HttpStatus.ACCEPTED;
                        return ResponseEntity.status(status)
                            .<Object>body(MastodonJson.media(media));
                      });
            });
  }

  /** 206 while processing, 200 with the {@code url} once ready. */
  @GetMapping("/api/v1/media/{id}")
  ResponseEntity<Object> media(@PathVariable String id, ServerWebExchange exchange) {
    return store
        .pollMedia(account(exchange), id)
        .<ResponseEntity<Object>>map(
            m ->
                ResponseEntity.status(m.ready() ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT)
                    .body(MastodonJson.media(m)))
        .orElse(NOT_FOUND);
  }

  @GetMapping("/system/media_attachments/{id}")
  ResponseEntity<byte[]> mediaFile(@PathVariable String id) {
    return store
        .mediaFile(id)
        .filter(MastodonStore.StoredMedia::ready)
        .map(
            m ->
                ResponseEntity.ok()
                    .contentType(
                        m.contentType() == null
                            ? MediaType.APPLICATION_OCTET_STREAM
                            : MediaType.parseMediaType(m.contentType()))
                    .body(m.bytes()))
        .orElse(ResponseEntity.notFound().build());
  }

  @ExceptionHandler(MastodonValidationException.class)
  ResponseEntity<Map<String, String>> unprocessable(MastodonValidationException e) {
    return ResponseEntity.unprocessableEntity().body(Map.of("error", e.getMessage()));
  }

  private ResponseEntity<Object> create(
      ServerWebExchange exchange, MastodonStore.StatusParams params, String idempotencyKey) {
    String parent = params.inReplyToId();
    if (parent != null && !parent.isBlank() && !store.exists(parent) && !replies.exists(parent)) {
      return NOT_FOUND; // Mastodon: the status replied to must exist
    }
    var status =
        store.create(account(exchange), SandboxResponses.origin(exchange), params, idempotencyKey);
    return ResponseEntity.ok(MastodonJson.status(status, false));
  }

  private static SandboxAccount account(ServerWebExchange exchange) {
    return exchange.getRequiredAttribute(SandboxAccount.ATTRIBUTE);
  }

  private static String text(JsonNode body, String name) {
    JsonNode value = body.get(name);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String param(
      MultiValueMap<String, String> form, MultiValueMap<String, String> query, String name) {
    String value = form.getFirst(name);
    return value != null ? value : query.getFirst(name);
  }
}

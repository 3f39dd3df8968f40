package dev.omnipost.gateway.exports;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import dev.omnipost.persistence.exports.ExportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/exports}: request an export (202, run by the publisher-worker), follow it, list them,
 * and download the finished file, streamed from disk in 64 KB chunks.
 */
@RestController
class ExportsController {

  private static final int CHUNK = 64 * 1024;

  private final Exports exports;
  private final ExportProperties properties;

  ExportsController(Exports exports, ExportProperties properties) {
    this.exports = exports;
    this.properties = properties;
  }

  @PostMapping("/v1/exports")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<ResponseEntity<Envelope<ExportView>>> create(
      Caller caller, @RequestBody(required = false) CreateExportRequest request) {
    return exports
        .create(caller, request)
        .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(Envelope.of(view)));
  }

  @GetMapping("/v1/exports")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<Page<ExportView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return exports.list(caller, limit, cursor);
  }

  @GetMapping("/v1/exports/{id}")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<Envelope<ExportView>> get(Caller caller, @PathVariable String id) {
    return exports.find(caller, id).map(Envelope::of);
  }

  @GetMapping("/v1/exports/{id}/download")
  @RequiresScope(Scopes.ANALYTICS_READ)
  Mono<ResponseEntity<Flux<DataBuffer>>> download(Caller caller, @PathVariable String id) {
    return exports
        .find(caller, id)
        .map(
            export -> {
              if (!"completed".equals(export.status())) {
                throw new ApiException(
                    HttpStatus.CONFLICT,
                    "export.not_ready",
                    "The export is " + export.status() + "; there is no file to download",
                    Map.of("status", export.status()));
              }
              Path file =
                  ExportFiles.path(properties.dir(), caller.workspaceId(), id, export.format());
              if ((export.expiresAt() != null && export.expiresAt().isBefore(Instant.now()))
                  || !Files.isRegularFile(file)) {
                throw new ApiException(
                    HttpStatus.GONE,
                    "export.expired",
                    "The export's file is no longer kept; request a new export",
                    Map.of("expired_at", String.valueOf(export.expiresAt())));
              }
              MediaType type =
                  "csv".equals(export.format())
                      ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
                      : MediaType.APPLICATION_JSON;
              HttpHeaders headers = new HttpHeaders();
              headers.setContentType(type);
              headers.setContentDisposition(
                  ContentDisposition.attachment().filename(id + "." + export.format()).build());
              if (export.sizeBytes() != null) {
                headers.setContentLength(export.sizeBytes());
              }
              Flux<DataBuffer> body =
                  DataBufferUtils.read(file, DefaultDataBufferFactory.sharedInstance, CHUNK);
              return ResponseEntity.ok().headers(headers).body(body);
            });
  }
}

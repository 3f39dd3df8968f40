package dev.omnipost.gateway.media;

import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.db.SqlQuery;
import dev.omnipost.gateway.idempotency.AnswersAfterCommit;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.PublicRoute;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Uploading media for posts and serving it publicly: platforms such as Instagram fetch attachments
 * from a URL, so each file gets an unguessable public link under {@code /media/}.
 *
 * <p>Those links are on the API's own origin and serve what tenants uploaded, so a file must never
 * run there as a page: every response says {@code nosniff}, sandboxes itself with a
 * Content-Security-Policy that allows nothing, and names the file with an extension that matches
 * its detected type; a file that carries markup behind an image signature is served as a download.
 */
@RestController
class MediaController {

  private static final String COLUMNS =
      "id, brand_id, filename, content_type, size_bytes, public_token, width, height, created_at,"
          + " duration_ms, video_codec";

  /** Nothing on the page may load or run, and it gets a unique origin of its own. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

  private final DatabaseClient db;
  private final MediaStorage storage;
  private final MediaLibrary library;
  private final MediaProperties properties;
  private final BrandAssignment brands;

  MediaController(
      DatabaseClient db,
      MediaStorage storage,
      MediaLibrary library,
      MediaProperties properties,
      BrandAssignment brands) {
    this.db = db;
    this.storage = storage;
    this.library = library;
    this.properties = properties;
    this.brands = brands;
  }

  @PostMapping(path = "/v1/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @RequiresScope(Scopes.MEDIA_WRITE)
  @AnswersAfterCommit(
      value =
          "streams the upload to disk for as long as the client sends; a transaction would hold a"
              + " pooled connection all that time, and could not roll back the file",
      leaseSeconds = 120)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<MediaView>> upload(
      Caller caller,
      @RequestPart("file") Part part,
      @RequestPart(name = "brand_id", required = false) Part brandPart) {
    if (!(part instanceof FilePart file)) {
      throw ApiException.invalid(
          "request.invalid_field", "file must be a file upload", Map.of("field", "file"));
    }
    return brands
        .brandFor(caller, formField(brandPart, "brand_id"))
        .flatMap(brand -> upload(caller, file, brand.orElse(null)));
  }

  private Mono<Envelope<MediaView>> upload(Caller caller, FilePart file, String brandId) {
    return storage
        .receive(file.content())
        .flatMap(
            upload ->
                library.keep(
                    new MediaLibrary.Intake(
                        caller.workspaceId(), brandId, filename(file), upload, "the upload")))
        .map(Envelope::of);
  }

  @GetMapping("/v1/media/{id}")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Envelope<MediaView>> get(Caller caller, @PathVariable String id) {
    SqlQuery query = visible(caller).and("id = :id", "id", id);
    return query
        .on(db)
        .map(this::view)
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("media", id)))
        .map(Envelope::of);
  }

  @GetMapping("/v1/media")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Page<MediaView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    SqlQuery query = visible(caller);
    if (after != null) {
      query
          .and(
              "(created_at, id) < (:afterTime, :afterId)",
              "afterTime",
              after.createdAt().atOffset(ZoneOffset.UTC))
          .bind("afterId", after.id());
    }
    query.append("ORDER BY created_at DESC, id DESC LIMIT :limit").bind("limit", pageSize + 1);
    return query
        .on(db)
        .map(this::view)
        .all()
        .collectList()
        .map(rows -> Cursor.page(rows, pageSize, MediaView::createdAt, MediaView::id));
  }

  /** The public, unauthenticated file URL platforms fetch. */
  @GetMapping("/media/{token}")
  @PublicRoute("platforms fetch media by URL; the unguessable token is the credential")
  Mono<ResponseEntity<Resource>> serve(
      @PathVariable String token,
      @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
      ServerHttpResponse response) {
    // also on the 404: nothing under /media/ is ever sniffed or run
    protect(response.getHeaders());
    return db.sql(
            "SELECT filename, content_type, storage_path, carries_markup FROM media"
                + " WHERE public_token = :token")
        .bind("token", token)
        .map(
            row ->
                new StoredFile(
                    row.get("filename", String.class),
                    row.get("content_type", String.class),
                    storage.resolve(row.get("storage_path", String.class)),
                    Boolean.TRUE.equals(row.get("carries_markup", Boolean.class))))
        .one()
        .filter(found -> Files.isReadable(found.path()))
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("media", token)))
        .doOnNext(found -> requireSatisfiable(range, found))
        .map(
            found ->
                ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(found.contentType()))
                    .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic())
                    .headers(this::protect)
                    .header(HttpHeaders.CONTENT_DISPOSITION, found.disposition())
                    .body((Resource) new FileSystemResource(found.path())));
  }

  /**
   * Refuses a {@code Range} this file cannot answer with the error envelope (Spring's resource
   * writer would answer the 416 with the file's content type and an empty body). The size is in
   * {@code meta.size_bytes}: WebFlux clears content headers such as {@code Content-Range} from an
   * error answer.
   */
  private static void requireSatisfiable(String range, StoredFile found) {
    if (range == null) {
      return;
    }
    FileSystemResource resource = new FileSystemResource(found.path());
    long size = resource.getFile().length();
    try {
      HttpRange.toResourceRegions(HttpRange.parseRanges(range), resource);
    } catch (IllegalArgumentException unsatisfiable) {
      throw new ApiException(
          HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
          "media.range_not_satisfiable",
          "The Range "
              + (range.length() > 100 ? range.substring(0, 100) + "…" : range)
              + " cannot be served from this file of "
              + size
              + " bytes",
          Map.of("size_bytes", size));
    }
  }

  private void protect(HttpHeaders headers) {
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  }

  private record StoredFile(String filename, String contentType, Path path, boolean markup) {
    /** Inline for platforms and previews; a download when the bytes hold markup. */
    String disposition() {
      MediaKind kind = MediaKind.ofContentType(contentType).orElse(null);
      String name = safeFilename(filename);
      if (kind != null) {
        name = kind.filenameFor(name);
      }
      return ContentDisposition.builder(markup ? "attachment" : "inline")
          .filename(name, StandardCharsets.UTF_8)
          .build()
          .toString();
    }
  }

  /** The caller's media: the workspace's, or only its brands' for a brand-restricted key. */
  private static SqlQuery visible(Caller caller) {
    SqlQuery query =
        new SqlQuery("SELECT " + COLUMNS + " FROM media WHERE workspace_id = :ws")
            .bind("ws", caller.workspaceId());
    if (caller.isBrandRestricted()) {
      query.and("brand_id = ANY(:brands)", "brands", caller.brandIdArray());
    }
    return query;
  }

  private static String formField(Part part, String name) {
    if (part == null) {
      return null;
    }
    if (!(part instanceof FormFieldPart field)) {
      throw ApiException.invalid(
          "request.invalid_field", name + " must be a form field", Map.of("field", name));
    }
    String value = field.value().trim();
    return value.isEmpty() ? null : value;
  }

  private MediaView view(Readable row) {
    return new MediaView(
        row.get("id", String.class),
        row.get("brand_id", String.class),
        properties.publicUrl(row.get("public_token", String.class)),
        row.get("content_type", String.class),
        row.get("size_bytes", Long.class),
        row.get("filename", String.class),
        row.get("width", Integer.class),
        row.get("height", Integer.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("duration_ms", Long.class),
        row.get("video_codec", String.class));
  }

  private static String filename(FilePart file) {
    return safeFilename(file.filename());
  }

  /** The last path segment, without control characters or quotes, at most 200 characters. */
  static String safeFilename(String name) {
    if (name == null || name.isBlank()) {
      return "upload";
    }
    String normalized = name.replace('\\', '/');
    String base =
        normalized
            .substring(normalized.lastIndexOf('/') + 1)
            .replaceAll("[\\p{Cntrl}\"]", "")
            .strip();
    if (base.isBlank()) {
      return "upload";
    }
    // leaves room for the extension filenameFor may add
    return base.length() > 200 ? base.substring(0, 200) : base;
  }
}

package dev.omnipost.gateway.media;

import dev.omnipost.gateway.brands.BrandAssignment;
import dev.omnipost.gateway.idempotency.AnswersAfterCommit;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Managing the media library beyond uploads: a file fetched from a URL (through the SSRF guard),
 * deleting a file no waiting post uses, and how much storage the workspace uses against its plan.
 */
@RestController
class MediaManagementController {

  /** {@code POST /v1/media/from-url}. */
  record FromUrlRequest(String url, String brandId) {}

  /** {@code GET /v1/media/storage}: bytes and files used; the limit is null when unlimited. */
  record StorageView(long usedBytes, long files, Long limitBytes, Long remainingBytes) {}

  private final DatabaseClient db;
  private final MediaDownloader downloader;
  private final MediaStorage storage;
  private final MediaLibrary library;
  private final BrandAssignment brands;
  private final Quotas quotas;
  private final TransactionalOperator transactions;

  MediaManagementController(
      DatabaseClient db,
      MediaDownloader downloader,
      MediaStorage storage,
      MediaLibrary library,
      BrandAssignment brands,
      Quotas quotas,
      TransactionalOperator gatewayTransactions) {
    this.db = db;
    this.downloader = downloader;
    this.storage = storage;
    this.library = library;
    this.brands = brands;
    this.quotas = quotas;
    this.transactions = gatewayTransactions;
  }

  @PostMapping("/v1/media/from-url")
  @RequiresScope(Scopes.MEDIA_WRITE)
  @AnswersAfterCommit(
      value =
          "downloads the file to disk for as long as the remote server sends; a transaction would"
              + " hold a pooled connection all that time, and could not roll back the file",
      leaseSeconds = 120)
  @ResponseStatus(HttpStatus.CREATED)
  Mono<Envelope<MediaView>> fromUrl(Caller caller, @RequestBody FromUrlRequest request) {
    if (request == null) {
      throw ApiException.invalid(
          "request.missing_field", "url is required", Map.of("field", "url"));
    }
    return brands
        .brandFor(caller, request.brandId())
        .flatMap(
            brand ->
                downloader
                    .download(request.url())
                    .flatMap(
                        download ->
                            library.keep(
                                new MediaLibrary.Intake(
                                    caller.workspaceId(),
                                    brand.orElse(null),
                                    download.filename(),
                                    download.upload(),
                                    "the file at the URL"))))
        .map(Envelope::of);
  }

  /**
   * Deletes a file and gives its bytes back to the storage quota; 409 {@code media.in_use} while a
   * post that has not published yet (draft, scheduled, queued or publishing) uses it, since the
   * platforms would fetch a missing file. Published posts keep their copies on the platforms.
   */
  @DeleteMapping("/v1/media/{id}")
  @RequiresScope(Scopes.MEDIA_WRITE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Caller caller, @PathVariable String id) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, size_bytes, storage_path FROM media WHERE workspace_id = :ws AND id = :id");
    if (caller.isBrandRestricted()) {
      sql.append(" AND brand_id = ANY(:brands)");
    }
    sql.append(" FOR UPDATE");
    DatabaseClient.GenericExecuteSpec find =
        db.sql(sql.toString()).bind("ws", caller.workspaceId()).bind("id", id);
    if (caller.isBrandRestricted()) {
      find = find.bind("brands", caller.brandIdArray());
    }
    return find.map(
            row ->
                new Stored(
                    row.get("size_bytes", Long.class), row.get("storage_path", String.class)))
        .one()
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("media", id)))
        .flatMap(
            stored ->
                usedBy(caller.workspaceId(), id)
                    .flatMap(
                        posts -> {
                          if (!posts.isEmpty()) {
                            return Mono.error(
                                new ApiException(
                                    HttpStatus.CONFLICT,
                                    "media.in_use",
                                    "Media "
                                        + id
                                        + " is used by posts that have not published yet: "
                                        + String.join(", ", posts)
                                        + "; remove it from them or cancel them first",
                                    Map.of("post_ids", posts)));
                          }
                          return db.sql("DELETE FROM media WHERE id = :id")
                              .bind("id", id)
                              .fetch()
                              .rowsUpdated()
                              .then(
                                  quotas.release(
                                      caller.workspaceId(),
                                      Quota.MEDIA_STORAGE_BYTES,
                                      stored.sizeBytes()))
                              .thenReturn(stored);
                        }))
        .as(transactions::transactional)
        // the file goes once the row is gone for good; a crash in between leaves an orphan file,
        // never a row without its file
        .flatMap(stored -> storage.delete(storage.resolve(stored.storagePath())));
  }

  private record Stored(long sizeBytes, String storagePath) {}

  /** Posts not yet published that use the file, in the post or in one of their targets. */
  private Mono<List<String>> usedBy(String workspaceId, String mediaId) {
    return db.sql(
            "SELECT DISTINCT p.id FROM posts p JOIN post_targets t ON t.post_id = p.id"
                + " WHERE p.workspace_id = :ws"
                + " AND t.status IN ('draft', 'scheduled', 'queued', 'publishing')"
                + " AND (:media = ANY(p.media_ids) OR :media = ANY(t.media_ids))"
                + " ORDER BY p.id LIMIT 20")
        .bind("ws", workspaceId)
        .bind("media", mediaId)
        .map(row -> row.get("id", String.class))
        .all()
        .collectList();
  }

  @GetMapping("/v1/media/storage")
  @RequiresScope(Scopes.POSTS_READ)
  Mono<Envelope<StorageView>> storage(Caller caller) {
    return db.sql(
            "SELECT CAST(COALESCE(sum(size_bytes), 0) AS bigint) AS used, count(*) AS files FROM media"
                + " WHERE workspace_id = :ws")
        .bind("ws", caller.workspaceId())
        .map(row -> new long[] {row.get("used", Long.class), row.get("files", Long.class)})
        .one()
        .zipWith(quotas.limit(caller.workspaceId(), Quota.MEDIA_STORAGE_BYTES))
        .zipWith(quotas.remaining(caller.workspaceId(), Quota.MEDIA_STORAGE_BYTES))
        .map(
            all -> {
              long[] used = all.getT1().getT1();
              return new StorageView(
                  used[0], used[1], all.getT1().getT2().orElse(null), all.getT2().orElse(null));
            })
        .map(Envelope::of);
  }
}

package dev.omnipost.gateway.media;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import java.nio.file.Files;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The media library for other features: stores a file the gateway did not receive as an upload (an
 * image the ai-worker generated) exactly as uploads are stored, durably on disk, one {@code media}
 * row, its bytes counted against the workspace's storage quota, and reads a stored file back. The
 * gateway is the only writer of media files, so the storage directory needs no sharing.
 */
@Component
public class MediaLibrary {

  private final DatabaseClient db;
  private final MediaStorage storage;
  private final MediaRows rows;
  private final Quotas quotas;
  private final TransactionalOperator transactions;

  MediaLibrary(
      DatabaseClient db,
      MediaStorage storage,
      MediaRows rows,
      Quotas quotas,
      TransactionalOperator gatewayTransactions) {
    this.db = db;
    this.storage = storage;
    this.rows = rows;
    this.quotas = quotas;
    this.transactions = gatewayTransactions;
  }

  /**
   * Stores {@code bytes} (an image of a type uploads accept) as a new media file and answers its
   * id. {@code alsoInTransaction} runs with that id in the transaction of the row, so the caller's
   * own reference to the file commits with it or not at all; an error from it, or 402 {@code
   * quota.exceeded} for the storage quota, leaves neither row nor file.
   */
  public Mono<String> store(
      String workspaceId,
      String brandId,
      String filename,
      byte[] bytes,
      Function<String, Mono<Void>> alsoInTransaction) {
    MediaKind kind =
        MediaKind.detect(bytes)
            .orElseThrow(() -> new IllegalArgumentException("not an image type media accepts"));
    String id = Ids.newId("med");
    return storage
        .write(bytes)
        .flatMap(
            upload ->
                storage
                    .keep(upload, id)
                    .flatMap(
                        path ->
                            rows.insert(
                                    new MediaRows.KeptFile(
                                        id,
                                        workspaceId,
                                        brandId,
                                        kind.filenameFor(filename),
                                        kind,
                                        upload,
                                        path))
                                .then(
                                    quotas.consume(
                                        workspaceId, Quota.MEDIA_STORAGE_BYTES, upload.sizeBytes()))
                                .then(alsoInTransaction.apply(id))
                                .as(transactions::transactional)
                                .onErrorResume(
                                    failure ->
                                        storage
                                            .delete(storage.resolve(path))
                                            .then(Mono.error(failure)))))
        .thenReturn(id);
  }

  /** The bytes of one of the workspace's media files; empty when there is no such file. */
  public Mono<byte[]> bytes(String workspaceId, String mediaId) {
    return db.sql("SELECT storage_path FROM media WHERE workspace_id = :ws AND id = :id")
        .bind("ws", workspaceId)
        .bind("id", mediaId)
        .map(row -> storage.resolve(row.get("storage_path", String.class)))
        .one()
        .publishOn(Schedulers.boundedElastic())
        .filter(Files::isReadable)
        .map(
            path -> {
              try {
                return Files.readAllBytes(path);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }
}

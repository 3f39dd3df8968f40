package dev.omnipost.gateway.media;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The media library: the one way a file joins it (an upload, a file fetched from a URL, an image
 * the ai-worker generated), durably on disk, one {@code media} row, its bytes counted against the
 * workspace's storage quota, and reads a stored file back. The gateway is the only writer of media
 * files, so the storage directory needs no sharing.
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
    if (MediaKind.detect(bytes).isEmpty()) {
      return Mono.error(new IllegalArgumentException("not an image type media accepts"));
    }
    return storage
        .write(bytes)
        .flatMap(
            upload ->
                keep(
                    new Intake(workspaceId, brandId, filename, upload, "a generated image"),
                    alsoInTransaction))
        .map(MediaView::id);
  }

  /** A file received on disk, waiting to become a media file of a workspace. */
  record Intake(
      String workspaceId,
      String brandId,
      String filename,
      MediaStorage.Upload upload,
      String describedAs) {}

  /**
   * The one way a received file joins the library, for uploads, files fetched from a URL and
   * generated images alike: its type read from its own bytes (415 {@code media.unsupported_type}
   * otherwise), a video's duration, size and codec read from its boxes, the file kept under a new
   * id, and its row committed together with its bytes counted against the storage quota and {@code
   * alsoInTransaction}. Any failure leaves neither row nor file.
   */
  Mono<MediaView> keep(Intake intake, Function<String, Mono<Void>> alsoInTransaction) {
    MediaStorage.Upload upload = intake.upload();
    MediaKind kind = MediaKind.detect(upload.head()).orElse(null);
    if (kind == null) {
      return storage
          .delete(upload.temporary())
          .then(
              Mono.error(
                  new ApiException(
                      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                      "media.unsupported_type",
                      capitalized(intake.describedAs())
                          + " is not one of the accepted types: "
                          + String.join(", ", MediaKind.supportedTypes()),
                      Map.of("supported", MediaKind.supportedTypes()))));
    }
    String id = Ids.newId("med");
    return probe(kind, upload)
        .flatMap(
            video ->
                storage
                    .keep(upload, id)
                    .flatMap(
                        path ->
                            rows.insert(
                                    new MediaRows.KeptFile(
                                        id,
                                        intake.workspaceId(),
                                        intake.brandId(),
                                        kind.filenameFor(intake.filename()),
                                        kind,
                                        upload,
                                        path),
                                    video.orElse(null))
                                .flatMap(
                                    view ->
                                        quotas
                                            .consume(
                                                intake.workspaceId(),
                                                Quota.MEDIA_STORAGE_BYTES,
                                                upload.sizeBytes())
                                            .then(alsoInTransaction.apply(id))
                                            .thenReturn(view))
                                .as(transactions::transactional)
                                .onErrorResume(
                                    failure ->
                                        storage
                                            .delete(storage.resolve(path))
                                            .then(Mono.error(failure)))));
  }

  /** As {@link #keep(Intake, Function)} with nothing else in the transaction. */
  Mono<MediaView> keep(Intake intake) {
    return keep(intake, id -> Mono.empty());
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** A video's duration, size and codec from its boxes, read off the event loop. */
  private static Mono<Optional<VideoProbe.VideoFacts>> probe(
      MediaKind kind, MediaStorage.Upload upload) {
    if (kind != MediaKind.MP4 && kind != MediaKind.MOV) {
      return Mono.just(Optional.empty());
    }
    return Mono.fromCallable(() -> VideoProbe.probe(upload.temporary()))
        .subscribeOn(Schedulers.boundedElastic());
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

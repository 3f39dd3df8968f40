package dev.omnipost.gateway.media;

import dev.omnipost.events.Ids;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one insert of a {@code media} row, for uploads and for images the ai-worker generated alike:
 * the type and size read from the file's own bytes, an unguessable public token, whether the bytes
 * carry markup. Callers run it in the transaction that also counts the file's bytes.
 */
@Component
class MediaRows {

  private final DatabaseClient db;
  private final MediaProperties properties;

  MediaRows(DatabaseClient db, MediaProperties properties) {
    this.db = db;
    this.properties = properties;
  }

  /** A file kept on disk ({@link MediaStorage#keep}) that is to get its row. */
  record KeptFile(
      String id,
      String workspaceId,
      String brandId,
      String filename,
      MediaKind kind,
      MediaStorage.Upload upload,
      String storagePath) {}

  Mono<MediaView> insert(KeptFile file) {
    return insert(file, null);
  }

  /** As {@link #insert(KeptFile)}, with what {@link VideoProbe} read from a video (or null). */
  Mono<MediaView> insert(KeptFile file, VideoProbe.VideoFacts video) {
    MediaStorage.Upload upload = file.upload();
    int[] size = file.kind().dimensions(upload.head());
    if (size == null && video != null && video.width() != null && video.height() != null) {
      size = new int[] {video.width(), video.height()};
    }
    Long durationMs = video == null ? null : video.durationMillis();
    String codec = video == null ? null : video.codec();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    String token = Ids.randomBase62(32);
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                "INSERT INTO media (id, workspace_id, brand_id, filename, content_type, size_bytes, sha256,"
                    + " storage_path, public_token, width, height, carries_markup, created_at, duration_ms,"
                    + " video_codec)"
                    + " VALUES (:id, :ws, :brand, :filename, :type, :size, :sha, :path, :token, :width,"
                    + " :height, :markup, :now, :duration, :codec)")
            .bind("id", file.id())
            .bind("ws", file.workspaceId())
            .bind("filename", file.filename())
            .bind("type", file.kind().contentType)
            .bind("size", upload.sizeBytes())
            .bind("sha", upload.sha256())
            .bind("path", file.storagePath())
            .bind("token", token)
            .bind("markup", MediaKind.carriesMarkup(upload.head()))
            .bind("now", now.atOffset(ZoneOffset.UTC));
    insert =
        file.brandId() == null
            ? insert.bindNull("brand", String.class)
            : insert.bind("brand", file.brandId());
    insert =
        size == null
            ? insert.bindNull("width", Integer.class).bindNull("height", Integer.class)
            : insert.bind("width", size[0]).bind("height", size[1]);
    insert =
        durationMs == null
            ? insert.bindNull("duration", Long.class)
            : insert.bind("duration", durationMs);
    insert = codec == null ? insert.bindNull("codec", String.class) : insert.bind("codec", codec);
    int[] dimensions = size;
    return insert
        .fetch()
        .rowsUpdated()
        .thenReturn(
            new MediaView(
                file.id(),
                file.brandId(),
                properties.publicUrl(token),
                file.kind().contentType,
                upload.sizeBytes(),
                file.filename(),
                dimensions == null ? null : dimensions[0],
                dimensions == null ? null : dimensions[1],
                now,
                durationMs,
                codec));
  }
}

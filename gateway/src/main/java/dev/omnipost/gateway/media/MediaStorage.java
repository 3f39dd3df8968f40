package dev.omnipost.gateway.media;

import dev.omnipost.events.Ids;
import dev.omnipost.gateway.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps uploaded files on disk durably: bytes go to a temporary file (counted against the size
 * limit and hashed on the way), are fsynced, and only then atomically moved to their final name, so
 * a crash never leaves a half-written file under a name the database points to.
 */
@Component
class MediaStorage {

  private final MediaProperties properties;

  MediaStorage(MediaProperties properties) {
    this.properties = properties;
  }

  /** A file written to a temporary place, not yet kept. */
  record Upload(Path temporary, long sizeBytes, String sha256, byte[] head) {}

  Mono<Upload> receive(Flux<DataBuffer> content) {
    long maxBytes = properties.maxBytes().toBytes();
    return Mono.fromCallable(this::newTemporaryFile)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            temporary ->
                Mono.using(
                        () -> FileChannel.open(temporary, StandardOpenOption.WRITE),
                        channel -> {
                          Writer writer = new Writer(channel, maxBytes);
                          return content
                              .publishOn(Schedulers.boundedElastic())
                              .doOnNext(
                                  buffer -> {
                                    try {
                                      writer.write(buffer);
                                    } finally {
                                      DataBufferUtils.release(buffer);
                                    }
                                  })
                              .then(
                                  Mono.fromCallable(
                                      () -> {
                                        channel.force(true);
                                        return new Upload(
                                            temporary,
                                            writer.size,
                                            HexFormat.of().formatHex(writer.digest.digest()),
                                            writer.head.toByteArray());
                                      }));
                        },
                        MediaStorage::closeQuietly)
                    .onErrorResume(failure -> delete(temporary).then(Mono.error(failure))));
  }

  /**
   * Writes bytes the gateway produced itself (not an upload, so not held to the upload size limit)
   * to a temporary file, fsynced, ready to {@link #keep}.
   */
  Mono<Upload> write(byte[] bytes) {
    return Mono.fromCallable(
            () -> {
              Path temporary = newTemporaryFile();
              try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                  channel.write(buffer);
                }
                channel.force(true);
              } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
              }
              byte[] head =
                  bytes.length <= MediaKind.HEADER_BYTES
                      ? bytes
                      : java.util.Arrays.copyOf(bytes, MediaKind.HEADER_BYTES);
              MessageDigest digest = Writer.sha256();
              return new Upload(
                  temporary, bytes.length, HexFormat.of().formatHex(digest.digest(bytes)), head);
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Moves an upload to its permanent place and answers the path relative to the storage dir. */
  Mono<String> keep(Upload upload, String mediaId) {
    return Mono.fromCallable(
            () -> {
              Path relative = Path.of(mediaId.substring(mediaId.length() - 2), mediaId);
              Path target = root().resolve(relative);
              Files.createDirectories(target.getParent());
              Files.move(upload.temporary(), target, StandardCopyOption.ATOMIC_MOVE);
              syncDirectory(target.getParent());
              return relative.toString();
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  Path resolve(String storagePath) {
    return root().resolve(storagePath).normalize();
  }

  Mono<Void> delete(Path path) {
    return Mono.fromRunnable(
            () -> {
              try {
                Files.deleteIfExists(path);
              } catch (IOException ignored) {
                // a stray temporary file is harmless
              }
            })
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  private Path root() {
    return properties.storageDir().toAbsolutePath().normalize();
  }

  private Path newTemporaryFile() throws IOException {
    Path directory = root().resolve("tmp");
    Files.createDirectories(directory);
    return Files.createFile(directory.resolve(Ids.randomBase62(24) + ".part"));
  }

  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not every file system lets a directory be synced; the file itself already is
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  /** Writes buffers, enforcing the limit and hashing as it goes. */
  private static final class Writer {
    private final FileChannel channel;
    private final long maxBytes;
    private final MessageDigest digest = sha256();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long size;

    Writer(FileChannel channel, long maxBytes) {
      this.channel = channel;
      this.maxBytes = maxBytes;
    }

    void write(DataBuffer buffer) {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      size += bytes.length;
      if (size > maxBytes) {
        throw new ApiException(
            HttpStatus.PAYLOAD_TOO_LARGE,
            "media.too_large",
            "Files may be at most " + maxBytes + " bytes",
            Map.of("max_bytes", maxBytes));
      }
      digest.update(bytes);
      if (head.size() < MediaKind.HEADER_BYTES) {
        head.write(bytes, 0, Math.min(bytes.length, MediaKind.HEADER_BYTES - head.size()));
      }
      try {
        java.nio.ByteBuffer wrapped = java.nio.ByteBuffer.wrap(bytes);
        while (wrapped.hasRemaining()) {
          channel.write(wrapped);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }
}

package dev.omnipost.gateway.ai;

import dev.omnipost.gateway.media.MediaLibrary;
import dev.omnipost.gateway.quotas.QuotaExceededException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Moves an image the ai-worker generated into the media library the first time the gateway sees it
 * completed (the waiting request, or a read of the generation): one media file and row, counted
 * against the storage quota, and the generation pointed at it, in one transaction. The worker only
 * hands the PNG over in the row; the gateway alone writes media files. If the storage quota is full
 * the image stays with the generation ({@code media_error: quota.exceeded}) and is still answered.
 */
@Component
class GeneratedImages {

  private static final Logger log = LoggerFactory.getLogger(GeneratedImages.class);

  private final AiGenerations generations;
  private final MediaLibrary media;

  GeneratedImages(AiGenerations generations, MediaLibrary media) {
    this.generations = generations;
    this.media = media;
  }

  /** The generation as the API shows it, its image stored in the media library first. */
  Mono<GenerationView> view(GenerationRow row) {
    if (!row.isCompletedImage()) {
      return Mono.just(GenerationView.of(row, null));
    }
    Mono<GenerationRow> stored = row.awaitsMediaLibrary() ? store(row) : Mono.just(row);
    return stored.flatMap(
        current ->
            png(current)
                .map(png -> GenerationView.of(current, dataUri(png)))
                .defaultIfEmpty(GenerationView.of(current, null)));
  }

  private Mono<GenerationRow> store(GenerationRow row) {
    return media
        .store(
            row.workspaceId(),
            row.mediaBrandId(),
            "generated-" + row.id() + ".png",
            row.imagePng(),
            mediaId ->
                generations
                    .storedAsMedia(row.workspaceId(), row.id(), mediaId)
                    .flatMap(
                        updated ->
                            updated == 1 ? Mono.<Void>empty() : Mono.error(new StoredElsewhere())))
        .then()
        .onErrorResume(StoredElsewhere.class, e -> Mono.empty())
        .onErrorResume(
            QuotaExceededException.class,
            e -> {
              log.info(
                  "generation {} of workspace {}: image not stored, media storage quota full",
                  row.id(),
                  row.workspaceId());
              return generations.mediaRefused(row.workspaceId(), row.id(), "quota.exceeded").then();
            })
        .then(generations.find(row.workspaceId(), row.id()));
  }

  /** The image's bytes: from the media library once stored, else still from the row. */
  private Mono<byte[]> png(GenerationRow row) {
    if (row.mediaId() != null) {
      return media.bytes(row.workspaceId(), row.mediaId());
    }
    return Mono.justOrEmpty(row.imagePng());
  }

  private static String dataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /** Another request stored this image first: its transaction is kept, ours rolled back. */
  private static final class StoredElsewhere extends RuntimeException {
    StoredElsewhere() {
      super(null, null, false, false);
    }
  }
}

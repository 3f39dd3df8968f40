package dev.omnipost.inbox.actions;

import dev.omnipost.connectors.MediaAttachment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The media files a {@code send_message} action carries, as the connector hands them to the
 * platform: each at its public URL {@code <omnipost.media.public-base-url>/media/<public_token>},
 * which the gateway serves without auth (Meta fetches it; X's connector uploads it first), as
 * publishing does.
 */
@Component
class MessageMedia {

  private final JdbcClient jdbc;
  private final MessageMediaSettings settings;

  MessageMedia(JdbcClient jdbc, MessageMediaSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /**
   * The action's files in its order; empty when one of them is gone from the workspace (deleted
   * since the gateway accepted the answer).
   */
  Optional<List<MediaAttachment>> of(String workspaceId, List<String> mediaIds) {
    if (mediaIds.isEmpty()) {
      return Optional.of(List.of());
    }
    Map<String, MediaAttachment> found =
        jdbc
            .sql(
                "SELECT id, content_type, size_bytes, public_token FROM media"
                    + " WHERE workspace_id = :ws AND id IN (:ids)")
            .param("ws", workspaceId)
            .param("ids", mediaIds)
            .query(
                (rs, n) ->
                    Map.entry(
                        rs.getString("id"),
                        new MediaAttachment(
                            settings.urlOf(rs.getString("public_token")),
                            rs.getString("content_type"),
                            rs.getLong("size_bytes"))))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    if (!found.keySet().containsAll(mediaIds)) {
      return Optional.empty();
    }
    return Optional.of(mediaIds.stream().map(found::get).toList());
  }
}

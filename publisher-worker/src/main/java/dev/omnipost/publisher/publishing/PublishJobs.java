package dev.omnipost.publisher.publishing;

import dev.omnipost.connectors.MediaAttachment;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.publisher.MediaSettings;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Loads a {@link PublishJob} for a target that is being published. */
public class PublishJobs {

  private static final String LOAD =
      """
      SELECT t.id, t.post_id, t.workspace_id, t.account_id, t.platform, t.text, t.media_ids,
             CAST(p.platform_options -> t.platform AS text) AS options,
             a.status AS account_status, a.platform_account_id, a.handle, a.access_token_enc,
             CAST(a.settings AS text) AS settings
      FROM post_targets t
      JOIN posts p ON p.id = t.post_id
      JOIN accounts a ON a.id = t.account_id
      WHERE t.id = :id AND t.status = 'publishing'
      """;

  private static final String MEDIA =
      "SELECT id, content_type, size_bytes, public_token FROM media"
          + " WHERE workspace_id = :workspaceId AND id IN (:ids)";

  private final JdbcClient jdbc;
  private final MediaSettings mediaSettings;

  PublishJobs(JdbcClient jdbc, MediaSettings mediaSettings) {
    this.jdbc = jdbc;
    this.mediaSettings = mediaSettings;
  }

  /** The job, or empty when the target is not (or no longer) in {@code publishing}. */
  Optional<PublishJob> load(String targetId) {
    return jdbc.sql(LOAD).param("id", targetId).query(this::job).optional();
  }

  private PublishJob job(ResultSet rs, int row) throws SQLException {
    String workspaceId = rs.getString("workspace_id");
    return new PublishJob(
        rs.getString("id"),
        rs.getString("post_id"),
        workspaceId,
        rs.getString("account_id"),
        rs.getString("platform"),
        rs.getString("text"),
        media(workspaceId, strings(rs.getArray("media_ids"))),
        options(rs.getString("options")),
        rs.getString("account_status"),
        rs.getString("platform_account_id"),
        rs.getString("handle"),
        rs.getBytes("access_token_enc"),
        settings(rs.getString("settings")));
  }

  /** The target's media in the order the post lists them. */
  private List<MediaAttachment> media(String workspaceId, List<String> mediaIds) {
    if (mediaIds.isEmpty()) {
      return List.of();
    }
    Map<String, MediaAttachment> byId =
        jdbc
            .sql(MEDIA)
            .param("workspaceId", workspaceId)
            .param("ids", mediaIds)
            .query(
                (rs, i) ->
                    Map.entry(
                        rs.getString("id"),
                        new MediaAttachment(
                            mediaSettings.urlOf(rs.getString("public_token")),
                            rs.getString("content_type"),
                            rs.getLong("size_bytes"))))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return mediaIds.stream().map(byId::get).filter(Objects::nonNull).toList();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> options(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    JsonNode node = CloudEventCodec.dataMapper().readTree(json);
    return node.isObject() ? CloudEventCodec.dataMapper().convertValue(node, Map.class) : Map.of();
  }

  /** Account settings as strings, which is what connectors read. */
  public static Map<String, String> settings(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    JsonNode node = CloudEventCodec.dataMapper().readTree(json);
    Map<String, String> settings = new LinkedHashMap<>();
    node.properties()
        .forEach(
            entry -> {
              JsonNode value = entry.getValue();
              if (!value.isNull()) {
                settings.put(
                    entry.getKey(), value.isValueNode() ? value.asString() : value.toString());
              }
            });
    return settings;
  }
}

package dev.omnipost.connectors.inbox;

import java.util.Map;

/**
 * What media an answer in a direct-message conversation may carry on a platform: how many files,
 * and for each content type it takes the largest size.
 *
 * @param maxFiles files per answer (0: the platform's answers carry no media through Omnipost)
 * @param maxBytesByContentType accepted content types ({@code image/png}) and their size limit
 */
public record MessageMediaRules(int maxFiles, Map<String, Long> maxBytesByContentType) {

  /** No media in answers. */
  public static final MessageMediaRules NONE = new MessageMediaRules(0, Map.of());

  public MessageMediaRules {
    maxBytesByContentType = Map.copyOf(maxBytesByContentType);
  }

  public boolean accepts(String contentType) {
    return contentType != null && maxBytesByContentType.containsKey(contentType);
  }

  /** The size limit of the content type; 0 when it is not accepted. */
  public long maxBytes(String contentType) {
    return contentType == null ? 0 : maxBytesByContentType.getOrDefault(contentType, 0L);
  }
}

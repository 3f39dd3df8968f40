package dev.omnipost.inbox.sync;

import dev.omnipost.connectors.AccountCredentials;
import dev.omnipost.connectors.AuthExpiredException;
import dev.omnipost.connectors.PermanentPlatformException;
import dev.omnipost.connectors.Platform;
import dev.omnipost.connectors.PlatformComment;
import dev.omnipost.connectors.PlatformConnector;
import dev.omnipost.connectors.PublishRequest;
import dev.omnipost.connectors.PublishedPost;
import dev.omnipost.connectors.TransientPlatformException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an Instagram account's comments from the Graph API over HTTP, for the tests, until the
 * connectors module's InstagramConnector is merged (then the test configuration uses that one).
 * It speaks the documented calls: {@code GET /{ig-user-id}/media} then {@code GET /{media-id}/comments}.
 */
final class SandboxGraphComments implements PlatformConnector {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String graphBaseUrl;

  SandboxGraphComments(String graphBaseUrl) {
    this.graphBaseUrl = graphBaseUrl;
  }

  @Override
  public Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  public PublishedPost publish(AccountCredentials account, PublishRequest request) {
    throw new UnsupportedOperationException("the tests only read comments");
  }

  @Override
  public List<PlatformComment> listRecentComments(AccountCredentials account) {
    List<PlatformComment> comments = new ArrayList<>();
    for (JsonNode media : get(account, "/" + account.platformAccountId() + "/media?fields=id&limit=25").path("data")) {
      String mediaId = media.path("id").asString();
      for (JsonNode c : get(account, "/" + mediaId + "/comments?fields=id,text,timestamp,from").path("data")) {
        comments.add(new PlatformComment(
            c.path("id").asString(),
            mediaId,
            null,
            c.path("from").path("id").asString(null),
            c.path("from").path("username").asString(null),
            c.path("text").asString(),
            OffsetDateTime.parse(c.path("timestamp").asString(), GRAPH_TIME).toInstant()));
      }
    }
    comments.sort(Comparator.comparing(PlatformComment::createdAt));
    return comments;
  }

  private JsonNode get(AccountCredentials account, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(graphBaseUrl + path))
        .header("Authorization", "Bearer " + account.accessToken())
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TransientPlatformException(Platform.INSTAGRAM, 0, e.getMessage(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientPlatformException(Platform.INSTAGRAM, 0, "interrupted", null, e);
    }
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() / 100 == 2) {
      return body;
    }
    String message = body.path("error").path("message").asString("HTTP " + response.statusCode());
    if (body.path("error").path("code").asInt() == 190) {
      throw new AuthExpiredException(Platform.INSTAGRAM, response.statusCode(), message, null);
    }
    if (response.statusCode() == 429 || response.statusCode() >= 500) {
      throw new TransientPlatformException(Platform.INSTAGRAM, response.statusCode(), message, null, null);
    }
    throw new PermanentPlatformException(Platform.INSTAGRAM, response.statusCode(), message, null);
  }
}

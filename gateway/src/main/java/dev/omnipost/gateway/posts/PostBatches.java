package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.web.ApiErrorHandler;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.ErrorMapping;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the posts of one {@code POST /v1/posts/batch}, one after the other, each exactly as
 * {@code POST /v1/posts} would (same validation, scope check, quota and events). Each post commits
 * alone: in its own transaction, or in a savepoint of the Idempotency-Key's transaction when the
 * batch carries one, so a refused item rolls back only itself and a replay answers the whole batch.
 */
@Component
class PostBatches {

  static final int MAX_POSTS = 100;

  private final PostCreator creator;
  private final JsonMapper jsonMapper;
  private final TransactionalOperator nested;

  PostBatches(PostCreator creator, JsonMapper jsonMapper, ConnectionFactory connectionFactory) {
    this.creator = creator;
    this.jsonMapper = jsonMapper;
    DefaultTransactionDefinition definition =
        new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);
    this.nested =
        TransactionalOperator.create(new R2dbcTransactionManager(connectionFactory), definition);
  }

  Mono<BatchView> create(Caller caller, BatchRequest request) {
    List<JsonNode> items = request == null ? null : request.posts();
    if (items == null || items.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field", "posts needs at least one post", Map.of("field", "posts"));
    }
    if (items.size() > MAX_POSTS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "A batch holds at most " + MAX_POSTS + " posts; this one has " + items.size(),
          Map.of("field", "posts", "max", MAX_POSTS, "actual", items.size()));
    }
    return Flux.range(0, items.size())
        .concatMap(index -> createOne(caller, index, items.get(index)))
        .collectList()
        .map(BatchView::of);
  }

  private Mono<BatchItemResult> createOne(Caller caller, int index, JsonNode item) {
    return Mono.defer(() -> creator.create(caller, read(index, item), nested))
        .map(post -> BatchItemResult.created(index, post))
        .onErrorResume(
            failure -> {
              ApiException error = ErrorMapping.toApiException(failure);
              @SuppressWarnings("unchecked")
              Map<String, Object> body =
                  (Map<String, Object>) ApiErrorHandler.envelope(error).get("error");
              return Mono.just(BatchItemResult.failed(index, error.status().value(), body));
            });
  }

  private CreatePostRequest read(int index, JsonNode item) {
    if (item == null || !item.isObject()) {
      throw ApiException.invalid(
          "request.invalid_field",
          "posts[" + index + "] must be a post object",
          Map.of("field", "posts[" + index + "]"));
    }
    try {
      return jsonMapper.treeToValue(item, CreatePostRequest.class);
    } catch (DatabindException e) {
      String field = fieldOf(e);
      return throwInvalid(field);
    } catch (JacksonException e) {
      return throwInvalid(null);
    }
  }

  private static CreatePostRequest throwInvalid(String field) {
    throw ApiException.invalid(
        "request.invalid_field",
        field == null
            ? "This post could not be read"
            : "Field '" + field + "' has the wrong type or format",
        field == null ? Map.of() : Map.of("field", field));
  }

  private static String fieldOf(DatabindException e) {
    StringBuilder field = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.isEmpty() ? null : field.toString();
  }
}

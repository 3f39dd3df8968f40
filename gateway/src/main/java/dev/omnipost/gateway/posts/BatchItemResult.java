package dev.omnipost.gateway.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One item's outcome in a batch: {@code status} is the HTTP status {@code POST /v1/posts} would
 * have answered, with the post as {@code data} or the error envelope's {@code error} body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchItemResult(int index, int status, Object data, Map<String, Object> error) {

  static BatchItemResult created(int index, Object data) {
    return new BatchItemResult(index, 201, data, null);
  }

  static BatchItemResult failed(int index, int status, Map<String, Object> error) {
    return new BatchItemResult(index, status, null, error);
  }
}

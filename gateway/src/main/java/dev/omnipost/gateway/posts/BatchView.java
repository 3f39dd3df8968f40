package dev.omnipost.gateway.posts;

import java.util.List;

/** The answer of {@code POST /v1/posts/batch}: one result per item, in the request's order. */
record BatchView(int created, int failed, List<BatchItemResult> results) {

  static BatchView of(List<BatchItemResult> results) {
    int created = (int) results.stream().filter(r -> r.error() == null).count();
    return new BatchView(created, results.size() - created, results);
  }
}

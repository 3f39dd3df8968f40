package dev.omnipost.gateway.posts;

import dev.omnipost.gateway.posts.PostComposer.Evaluation;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /v1/posts/validate}: {@code valid} when no target has an error (the
 * same request to {@code POST /v1/posts} would be stored), and each target's findings, errors and
 * warnings alike.
 */
record ValidationView(boolean valid, List<TargetValidation> targets) {

  record TargetValidation(String accountId, String platform, List<Map<String, Object>> findings) {}

  static ValidationView of(Evaluation evaluation) {
    return new ValidationView(
        evaluation.valid(),
        evaluation.findings().stream()
            .map(
                t ->
                    new TargetValidation(
                        t.accountId(),
                        t.platform(),
                        t.findings().stream().map(PostComposer::findingView).toList()))
            .toList());
  }
}

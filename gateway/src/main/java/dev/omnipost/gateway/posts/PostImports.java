package dev.omnipost.gateway.posts;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.omnipost.connectors.Platform;
import dev.omnipost.gateway.posts.CsvRows.Row;
import dev.omnipost.gateway.posts.PostComposer.Evaluation;
import dev.omnipost.gateway.web.ApiErrorHandler;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.ErrorMapping;
import dev.omnipost.gateway.web.Scopes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/posts/import}: a CSV file of posts, all or nothing. The file is read whole first
 * (a malformed one is a 400 naming the line); then every row is validated exactly as {@code POST
 * /v1/posts} validates a post. If any row is invalid nothing is stored and the answer is 422 {@code
 * import.invalid_rows} with every row's result; if all are valid they are created in one
 * transaction (or, with {@code dry_run=true}, only reported).
 */
@Component
class PostImports {

  static final int MAX_ROWS = 1000;

  static final List<String> COLUMNS =
      List.of("text", "account_ids", "platforms", "scheduled_at", "media_ids");

  /** Between the values of a multi-value cell: {@code ;} or {@code |}, either may be used. */
  private static final Pattern SEPARATOR = Pattern.compile("[;|]");

  private final PostCreator creator;
  private final PostRepository posts;
  private final TransactionalOperator transactions;

  PostImports(
      PostCreator creator, PostRepository posts, TransactionalOperator gatewayTransactions) {
    this.creator = creator;
    this.posts = posts;
    this.transactions = gatewayTransactions;
  }

  /** One row's outcome; {@code status} is {@code valid}, {@code created} or {@code invalid}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RowResult(
      int line,
      String status,
      String postId,
      List<ValidationView.TargetValidation> targets,
      Map<String, Object> error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ImportView(boolean dryRun, int rows, int created, List<RowResult> results) {}

  private record Columns(Map<String, Integer> index) {
    String get(Row row, String column) {
      Integer at = index.get(column);
      if (at == null || at >= row.fields().size()) {
        return null;
      }
      String value = row.fields().get(at).strip();
      return value.isEmpty() ? null : value;
    }
  }

  private record Candidate(Row row, CreatePostRequest request, Map<String, Object> error) {}

  Mono<ImportView> importFile(Caller caller, byte[] file, boolean dryRun) {
    return Mono.defer(
        () -> {
          caller.requireScope(Scopes.POSTS_PUBLISH);
          List<Row> records = CsvRows.parse(file == null ? new byte[0] : file, MAX_ROWS + 1);
          if (records.isEmpty()) {
            throw CsvRows.malformed(1, "no header row (the file is empty)");
          }
          Columns columns = header(records.get(0));
          List<Row> rows = records.subList(1, records.size());
          if (rows.isEmpty()) {
            throw CsvRows.malformed(2, "no rows after the header");
          }
          for (Row row : rows) {
            if (row.fields().size() != records.get(0).fields().size()) {
              throw CsvRows.malformed(
                  row.line(),
                  row.fields().size()
                      + " fields where the header has "
                      + records.get(0).fields().size());
            }
          }
          return candidates(caller, columns, rows)
              .flatMap(
                  candidates ->
                      validateAll(caller, candidates)
                          .flatMap(
                              results -> {
                                boolean valid =
                                    results.stream().noneMatch(r -> "invalid".equals(r.status()));
                                if (!valid) {
                                  return Mono.error(invalidRows(results));
                                }
                                if (dryRun) {
                                  return Mono.just(
                                      new ImportView(true, results.size(), 0, results));
                                }
                                return store(caller, candidates, results);
                              }));
        });
  }

  private Mono<List<Candidate>> candidates(Caller caller, Columns columns, List<Row> rows) {
    Set<String> platforms = new LinkedHashSet<>();
    for (Row row : rows) {
      String named = columns.get(row, "platforms");
      if (named != null) {
        for (String platform : values(named)) {
          Platform.fromId(platform).ifPresent(p -> platforms.add(p.id()));
        }
      }
    }
    return posts
        .connectedAccountsOn(caller, platforms)
        .map(
            byPlatform -> {
              List<Candidate> candidates = new ArrayList<>();
              for (Row row : rows) {
                try {
                  candidates.add(new Candidate(row, request(row, columns, byPlatform), null));
                } catch (ApiException e) {
                  candidates.add(new Candidate(row, null, errorBody(e)));
                }
              }
              return candidates;
            });
  }

  private Mono<List<RowResult>> validateAll(Caller caller, List<Candidate> candidates) {
    return Flux.fromIterable(candidates)
        .concatMap(
            candidate -> {
              if (candidate.error() != null) {
                return Mono.just(
                    new RowResult(
                        candidate.row().line(), "invalid", null, null, candidate.error()));
              }
              return creator
                  .validate(caller, candidate.request())
                  .map(evaluation -> result(candidate, evaluation))
                  .onErrorResume(
                      failure ->
                          Mono.just(
                              new RowResult(
                                  candidate.row().line(),
                                  "invalid",
                                  null,
                                  null,
                                  errorBody(ErrorMapping.toApiException(failure)))));
            })
        .collectList();
  }

  private static RowResult result(Candidate candidate, Evaluation evaluation) {
    ValidationView view = ValidationView.of(evaluation);
    return new RowResult(
        candidate.row().line(), view.valid() ? "valid" : "invalid", null, view.targets(), null);
  }

  /**
   * Creates every row's post in one transaction (joined by each creation), so a failure at any row,
   * such as the posts quota running out, stores none of them.
   */
  private Mono<ImportView> store(
      Caller caller, List<Candidate> candidates, List<RowResult> validated) {
    return Flux.range(0, candidates.size())
        .concatMap(
            i -> {
              Candidate candidate = candidates.get(i);
              RowResult checked = validated.get(i);
              return creator
                  .create(caller, candidate.request())
                  .map(
                      post ->
                          new RowResult(
                              checked.line(), "created", post.id(), checked.targets(), null))
                  .onErrorMap(failure -> atLine(candidate.row().line(), failure));
            })
        .collectList()
        .as(transactions::transactional)
        .map(created -> new ImportView(false, created.size(), created.size(), created));
  }

  /** A row that failed while storing: the error it got, naming its line; nothing is stored. */
  private static ApiException atLine(int line, Throwable failure) {
    ApiException error = ErrorMapping.toApiException(failure);
    if (error.status().is5xxServerError()) {
      return error;
    }
    Map<String, Object> meta = new LinkedHashMap<>(error.meta());
    meta.put("line", line);
    return new ApiException(
        error.status(),
        error.code(),
        "Line " + line + ": " + error.getMessage() + "; nothing was imported",
        meta);
  }

  private static ApiException invalidRows(List<RowResult> results) {
    List<Integer> lines =
        results.stream().filter(r -> "invalid".equals(r.status())).map(RowResult::line).toList();
    return new ApiException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "import.invalid_rows",
        lines.size()
            + " of "
            + results.size()
            + " rows are invalid (lines "
            + String.join(", ", lines.stream().limit(20).map(String::valueOf).toList())
            + (lines.size() > 20 ? ", ..." : "")
            + "); nothing was imported",
        Map.of("invalid_lines", lines, "rows", results));
  }

  private static Columns header(Row header) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(name)) {
        throw CsvRows.malformed(
            header.line(),
            "an unknown column '"
                + header.fields().get(i).strip()
                + "' in its header (columns: "
                + String.join(", ", COLUMNS)
                + ")");
      }
      if (index.put(name, i) != null) {
        throw CsvRows.malformed(header.line(), "the column '" + name + "' twice in its header");
      }
    }
    if (!index.containsKey("text")) {
      throw CsvRows.malformed(header.line(), "no 'text' column in its header");
    }
    if (index.containsKey("account_ids") == index.containsKey("platforms")) {
      throw CsvRows.malformed(
          header.line(), "to name exactly one of the columns 'account_ids' and 'platforms'");
    }
    return new Columns(index);
  }

  private static CreatePostRequest request(
      Row row, Columns columns, Map<String, List<String>> accountsByPlatform) {
    List<String> accountIds;
    String platforms = columns.get(row, "platforms");
    if (columns.index().containsKey("platforms")) {
      if (platforms == null) {
        throw ApiException.invalid(
            "request.missing_field",
            "platforms needs at least one platform",
            Map.of("field", "platforms"));
      }
      accountIds = new ArrayList<>();
      for (String name : values(platforms)) {
        Platform platform =
            Platform.fromId(name)
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "request.invalid_platform",
                            "Unknown platform '" + name + "'",
                            Map.of("field", "platforms", "valid_values", Platform.ids())));
        List<String> ids = accountsByPlatform.getOrDefault(platform.id(), List.of());
        if (ids.isEmpty()) {
          throw ApiException.invalid(
              "post.unknown_accounts",
              "No connected " + platform.id() + " account in this workspace",
              Map.of("field", "platforms", "platform", platform.id()));
        }
        for (String id : ids) {
          if (!accountIds.contains(id)) {
            accountIds.add(id);
          }
        }
      }
    } else {
      String ids = columns.get(row, "account_ids");
      accountIds = ids == null ? List.of() : values(ids);
    }
    String media = columns.get(row, "media_ids");
    return new CreatePostRequest(
        columns.get(row, "text"),
        accountIds,
        media == null ? null : values(media),
        null,
        null,
        columns.get(row, "scheduled_at"),
        null);
  }

  private static List<String> values(String cell) {
    return Arrays.stream(SEPARATOR.split(cell))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> errorBody(ApiException error) {
    return (Map<String, Object>) ApiErrorHandler.envelope(error).get("error");
  }
}

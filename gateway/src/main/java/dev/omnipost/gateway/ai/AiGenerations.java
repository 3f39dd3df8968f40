package dev.omnipost.gateway.ai;

import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.commands.GenerateContent;
import dev.omnipost.gateway.quotas.Quota;
import dev.omnipost.gateway.quotas.QuotaExceededException;
import dev.omnipost.gateway.quotas.Quotas;
import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.persistence.outbox.ReactiveOutbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores generation requests: counts the credits against the workspace's monthly AI quota (a
 * guarded update, {@link Quotas}), inserts the pending row and queues the {@link GenerateContent}
 * command, all in one transaction, so a request is either fully accepted (and will run) or leaves
 * no trace.
 */
@Repository
class AiGenerations {

  private final DatabaseClient db;
  private final ReactiveOutbox outbox;
  private final TransactionalOperator transactions;
  private final CloudEventCodec codec;
  private final Quotas quotas;

  AiGenerations(
      DatabaseClient db,
      ReactiveOutbox outbox,
      TransactionalOperator gatewayTransactions,
      CloudEventCodec codec,
      Quotas quotas) {
    this.db = db;
    this.outbox = outbox;
    this.transactions = gatewayTransactions;
    this.codec = codec;
    this.quotas = quotas;
  }

  /**
   * The new generation's id; fails with 402 when the workspace lacks the credits. The generation
   * belongs to the brands the key is restricted to (none: workspace-wide), so another brand's key
   * never reads its prompt or result.
   */
  Mono<String> request(Caller caller, ValidGeneration generation) {
    String workspaceId = caller.workspaceId();
    String id = Ids.newId("gen");
    Mono<String> work =
        reserve(workspaceId, generation.credits())
            .flatMap(period -> insert(id, caller, generation, period))
            .then(
                outbox.append(
                    Topics.AI_GENERATION_REQUESTS,
                    workspaceId,
                    codec.wrap(new GenerateContent(id, workspaceId), workspaceId, id)))
            .thenReturn(id);
    return transactions.transactional(work);
  }

  /**
   * Counts the credits against the monthly AI quota; answers the period they were counted in, where
   * the ai-worker refunds them if the generation fails.
   */
  private Mono<String> reserve(String workspaceId, int cost) {
    return quotas
        .consumeInPeriod(workspaceId, Quota.AI_CREDITS_PER_MONTH, cost)
        .onErrorMap(
            QuotaExceededException.class,
            exceeded -> {
              Map<String, Object> meta = new LinkedHashMap<>(exceeded.quotaMeta());
              meta.put("balance", exceeded.remaining());
              meta.put("required", cost);
              return new ApiException(
                  HttpStatus.PAYMENT_REQUIRED,
                  "credits.insufficient",
                  "This workspace has "
                      + exceeded.remaining()
                      + " AI credits left this month; this generation needs "
                      + cost,
                  meta);
            });
  }

  private Mono<Long> insert(
      String id, Caller caller, ValidGeneration generation, String creditsPeriod) {
    DatabaseClient.GenericExecuteSpec insert =
        db.sql(
                """
                INSERT INTO ai_generations (id, workspace_id, brand_ids, status, kind, tool, prompt, messages,
                    platform, mode, tone, item_count, image_width, image_height, media_brand_id, credits,
                    credits_period)
                VALUES (:id, :ws, :brands, 'pending', :kind, :tool, :prompt, CAST(:messages AS jsonb),
                    :platform, :mode, :tone, :itemCount, :width, :height, :mediaBrand, :credits,
                    :creditsPeriod)
                """)
            .bind("id", id)
            .bind("creditsPeriod", creditsPeriod)
            .bind("ws", caller.workspaceId())
            .bind("kind", generation.kind())
            .bind("tool", generation.tool())
            .bind("mode", generation.mode())
            .bind("tone", generation.tone())
            .bind("credits", generation.credits());
    insert =
        caller.isBrandRestricted()
            ? insert.bind("brands", caller.brandIdArray())
            : insert.bindNull("brands", String[].class);
    insert = bindNullable(insert, "prompt", generation.prompt());
    insert = bindNullable(insert, "messages", generation.messagesJson());
    insert = bindNullable(insert, "platform", generation.platform());
    insert = bindNullable(insert, "mediaBrand", generation.brandId());
    insert = bindNullable(insert, "itemCount", generation.itemCount());
    insert = bindNullable(insert, "width", generation.imageWidth());
    insert = bindNullable(insert, "height", generation.imageHeight());
    return insert.fetch().rowsUpdated();
  }

  /** The generation if the caller may read it (a restricted key: only its brands' generations). */
  Mono<GenerationRow> find(Caller caller, String id) {
    if (!caller.isBrandRestricted()) {
      return find(caller.workspaceId(), id);
    }
    return db.sql(
            "SELECT "
                + GenerationRow.COLUMNS
                + " FROM ai_generations WHERE workspace_id = :ws AND id = :id"
                + " AND brands_within(brand_ids, :brands)")
        .bind("ws", caller.workspaceId())
        .bind("id", id)
        .bind("brands", caller.brandIdArray())
        .map(GenerationRow::fromRow)
        .one();
  }

  Mono<GenerationRow> find(String workspaceId, String id) {
    return db.sql(
            "SELECT "
                + GenerationRow.COLUMNS
                + " FROM ai_generations WHERE workspace_id = :ws AND id = :id")
        .bind("ws", workspaceId)
        .bind("id", id)
        .map(GenerationRow::fromRow)
        .one();
  }

  /**
   * Points the generation at its media file and lets go of the PNG it held; 0 rows when another
   * request stored it first (the caller's transaction then rolls back).
   */
  Mono<Long> storedAsMedia(String workspaceId, String id, String mediaId) {
    return db.sql(
            "UPDATE ai_generations SET media_id = :media, image_png = NULL"
                + " WHERE workspace_id = :ws AND id = :id AND media_id IS NULL"
                + " AND image_png IS NOT NULL")
        .bind("media", mediaId)
        .bind("ws", workspaceId)
        .bind("id", id)
        .fetch()
        .rowsUpdated();
  }

  /** The media library refused the image ({@code quota.exceeded}); the PNG stays in the row. */
  Mono<Long> mediaRefused(String workspaceId, String id, String code) {
    return db.sql(
            "UPDATE ai_generations SET media_error = :code"
                + " WHERE workspace_id = :ws AND id = :id AND media_id IS NULL")
        .bind("code", code)
        .bind("ws", workspaceId)
        .bind("id", id)
        .fetch()
        .rowsUpdated();
  }

  /** The AI credits left this month; an empty Optional is unlimited. */
  Mono<Optional<Long>> balance(String workspaceId) {
    return quotas.remaining(workspaceId, Quota.AI_CREDITS_PER_MONTH);
  }

  private static DatabaseClient.GenericExecuteSpec bindNullable(
      DatabaseClient.GenericExecuteSpec spec, String name, String value) {
    return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
  }

  private static DatabaseClient.GenericExecuteSpec bindNullable(
      DatabaseClient.GenericExecuteSpec spec, String name, Integer value) {
    return value == null ? spec.bindNull(name, Integer.class) : spec.bind(name, value);
  }
}

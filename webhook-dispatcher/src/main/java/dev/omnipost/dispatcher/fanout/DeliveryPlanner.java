package dev.omnipost.dispatcher.fanout;

import dev.omnipost.events.CloudEvent;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.commands.DeliverWebhook;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides which endpoints get which events and records one delivery per (endpoint, event), a whole
 * batch of events in a few statements. Recording is idempotent: a redelivered event finds its
 * deliveries already there, and those not yet attempted are handed on again (the hand-off may have
 * been lost in a crash), so nothing is lost and at worst an attempt repeats.
 */
@Component
class DeliveryPlanner {

  private static final String ENDPOINTS =
      "SELECT id, workspace_id, brand_id, events FROM webhook_endpoints"
          + " WHERE enabled AND deleted_at IS NULL AND workspace_id = ANY(:workspaces)";

  /** The brands each event is about, by the same database function {@code GET /v1/events} uses. */
  private static final String EVENT_BRANDS =
      """
      SELECT k.event_id, event_brand_ids(k.workspace_id, k.type, k.subject) AS brands
      FROM unnest(:events::text[], :workspaces::text[], :types::text[], :subjects::text[])
        AS k(event_id, workspace_id, type, subject)
      """;

  private static final String INSERT =
      """
      INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload)
      SELECT * FROM unnest(:ids::text[], :workspaces::text[], :endpoints::text[], :events::text[],
                           :types::text[], :payloads::text[])
      ON CONFLICT (endpoint_id, event_id) DO NOTHING
      RETURNING id, endpoint_id, workspace_id, event_id
      """;

  /**
   * The deliveries a redelivered event already has, by their unique key only: a condition on {@code
   * status} here lets a generic plan pick the (endpoint, status) index and filter every pending
   * delivery of the endpoint for each key, which grows with a backlog. Whether each was attempted
   * is decided in Java.
   */
  private static final String ALREADY_RECORDED =
      """
      SELECT d.id, d.endpoint_id, d.workspace_id, d.event_id, d.status, d.attempts
      FROM unnest(:endpoints::text[], :events::text[]) AS k(endpoint_id, event_id)
      JOIN webhook_deliveries d ON d.endpoint_id = k.endpoint_id AND d.event_id = k.event_id
      """;

  /**
   * Raises each subject's sequence by the number of its events in the batch, in one statement; the
   * batch's events of one subject then get the numbers up to the new value, in event order.
   */
  private static final String RAISE_SEQUENCES =
      """
      INSERT INTO webhook_subject_sequences AS s (workspace_id, subject, last_sequence)
      SELECT * FROM unnest(:workspaces::text[], :subjects::text[], :counts::bigint[])
      ON CONFLICT (workspace_id, subject)
        DO UPDATE SET last_sequence = s.last_sequence + EXCLUDED.last_sequence
      RETURNING workspace_id, subject, last_sequence
      """;

  private final JdbcClient jdbc;

  DeliveryPlanner(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A delivery to hand off and the event it delivers. */
  record Planned(DeliverWebhook command, String eventId) {}

  /** Records the deliveries for {@code events} and returns the commands to attempt them. */
  List<DeliverWebhook> plan(List<CloudEvent> events) {
    return planDeliveries(events).stream().map(Planned::command).toList();
  }

  /** As {@link #plan}, each command with the id of its event. */
  List<Planned> planDeliveries(List<CloudEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    Map<String, List<Endpoint>> endpointsByWorkspace = endpoints(events);
    Map<String, List<String>> brandsByEvent = brands(events, endpointsByWorkspace);
    List<CloudEvent> delivered =
        events.stream()
            .filter(
                event ->
                    endpointsByWorkspace.getOrDefault(event.workspaceId(), List.of()).stream()
                        .anyMatch(e -> e.wants(event.type(), brandsByEvent.get(event.id()))))
            .toList();
    Map<String, Long> sequences = sequences(delivered);
    List<String[]> rows = new ArrayList<>();
    for (CloudEvent event : delivered) {
      String payload = null;
      for (Endpoint endpoint : endpointsByWorkspace.getOrDefault(event.workspaceId(), List.of())) {
        if (endpoint.wants(event.type(), brandsByEvent.get(event.id()))) {
          payload = payload != null ? payload : payload(event, sequences.get(event.id()));
          rows.add(
              new String[] {
                Ids.newId("dlv"),
                event.workspaceId(),
                endpoint.id(),
                event.id(),
                event.type(),
                payload
              });
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Planned> planned =
        jdbc.sql(INSERT)
            .param("ids", column(rows, 0))
            .param("workspaces", column(rows, 1))
            .param("endpoints", column(rows, 2))
            .param("events", column(rows, 3))
            .param("types", column(rows, 4))
            .param("payloads", column(rows, 5))
            .query(DeliveryPlanner::planned)
            .list();
    if (planned.size() == rows.size()) {
      return planned;
    }
    // some were recorded before (a redelivered event): those not yet attempted are handed on again
    Set<List<String>> inserted =
        planned.stream()
            .map(p -> List.of(p.command().endpointId(), p.eventId()))
            .collect(Collectors.toSet());
    List<String[]> earlier =
        rows.stream().filter(r -> !inserted.contains(List.of(r[2], r[3]))).toList();
    List<Planned> all = new ArrayList<>(planned);
    jdbc.sql(ALREADY_RECORDED)
        .param("endpoints", column(earlier, 2))
        .param("events", column(earlier, 3))
        .query(
            rs -> {
              if ("pending".equals(rs.getString("status")) && rs.getInt("attempts") == 0) {
                all.add(planned(rs, all.size()));
              }
            });
    return all;
  }

  private static Planned planned(ResultSet rs, int row) throws SQLException {
    return new Planned(
        new DeliverWebhook(
            rs.getString("id"),
            rs.getString("endpoint_id"),
            rs.getString("workspace_id"),
            "scheduled"),
        rs.getString("event_id"));
  }

  /**
   * The exact body subscribers receive, stored so every retry sends the same bytes. {@code
   * sequence} orders the events about one subject (their {@code subject}, or the workspace for
   * events without one): it only grows, and may skip numbers (an event redelivered to the fan-out
   * draws a new one that its stored payload does not use).
   */
  static String payload(CloudEvent event, Long sequence) {
    ObjectNode body = CloudEventCodec.dataMapper().createObjectNode();
    body.put("type", event.type());
    body.put("timestamp", event.time().toString());
    if (sequence != null) {
      body.put("sequence", sequence);
    }
    body.set("data", event.data());
    return CloudEventCodec.dataMapper().writeValueAsString(body);
  }

  /** Event id to its sequence number among its subject's events. */
  private Map<String, Long> sequences(List<CloudEvent> events) {
    if (events.isEmpty()) {
      return Map.of();
    }
    Map<List<String>, List<CloudEvent>> bySubject = new java.util.LinkedHashMap<>();
    for (CloudEvent event : events) {
      bySubject
          .computeIfAbsent(List.of(event.workspaceId(), subjectOf(event)), k -> new ArrayList<>())
          .add(event);
    }
    List<List<String>> keys = new ArrayList<>(bySubject.keySet());
    Map<List<String>, Long> last = new HashMap<>();
    jdbc.sql(RAISE_SEQUENCES)
        .param("workspaces", keys.stream().map(k -> k.get(0)).toArray(String[]::new))
        .param("subjects", keys.stream().map(k -> k.get(1)).toArray(String[]::new))
        .param(
            "counts", keys.stream().map(k -> (long) bySubject.get(k).size()).toArray(Long[]::new))
        .query(
            (rs, n) ->
                last.put(
                    List.of(rs.getString("workspace_id"), rs.getString("subject")),
                    rs.getLong("last_sequence")))
        .list();
    Map<String, Long> sequences = new HashMap<>();
    bySubject.forEach(
        (key, subjectEvents) -> {
          long first = last.get(key) - subjectEvents.size() + 1;
          for (int i = 0; i < subjectEvents.size(); i++) {
            sequences.put(subjectEvents.get(i).id(), first + i);
          }
        });
    return sequences;
  }

  private static String subjectOf(CloudEvent event) {
    return event.subject() == null ? "" : event.subject();
  }

  private Map<String, List<Endpoint>> endpoints(List<CloudEvent> events) {
    String[] workspaces =
        events.stream().map(CloudEvent::workspaceId).distinct().toArray(String[]::new);
    return jdbc
        .sql(ENDPOINTS)
        .param("workspaces", workspaces)
        .query(
            (rs, n) ->
                new Endpoint(
                    rs.getString("id"),
                    rs.getString("workspace_id"),
                    rs.getString("brand_id"),
                    types(rs.getArray("events"))))
        .list()
        .stream()
        .collect(Collectors.groupingBy(Endpoint::workspaceId));
  }

  /**
   * The brands of the events that a brand-bound endpoint might receive (only those are looked up,
   * so workspaces without such endpoints pay nothing). An event missing from the answer, or with no
   * brand, goes to no brand-bound endpoint.
   */
  private Map<String, List<String>> brands(
      List<CloudEvent> events, Map<String, List<Endpoint>> endpointsByWorkspace) {
    List<CloudEvent> wanted =
        events.stream()
            .filter(
                e ->
                    e.subject() != null
                        && endpointsByWorkspace.getOrDefault(e.workspaceId(), List.of()).stream()
                            .anyMatch(endpoint -> endpoint.brandId() != null))
            .toList();
    if (wanted.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> brands = new HashMap<>();
    jdbc.sql(EVENT_BRANDS)
        .param("events", wanted.stream().map(CloudEvent::id).toArray(String[]::new))
        .param("workspaces", wanted.stream().map(CloudEvent::workspaceId).toArray(String[]::new))
        .param("types", wanted.stream().map(CloudEvent::type).toArray(String[]::new))
        .param("subjects", wanted.stream().map(CloudEvent::subject).toArray(String[]::new))
        .query(
            (rs, n) -> {
              Array array = rs.getArray("brands");
              if (array != null) {
                brands.put(rs.getString("event_id"), Arrays.asList((String[]) array.getArray()));
              }
              return null;
            })
        .list();
    return brands;
  }

  private static Set<String> types(Array array) throws SQLException {
    return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
  }

  private static String[] column(List<String[]> rows, int index) {
    return rows.stream().map(r -> r[index]).toArray(String[]::new);
  }

  /**
   * An enabled endpoint; an empty type set means every event. An endpoint of a brand receives only
   * events all of whose brands are that brand (as a key of that brand would see them in {@code GET
   * /v1/events}); events without a brand (usage, exports) go to workspace-wide endpoints only.
   */
  private record Endpoint(String id, String workspaceId, String brandId, Set<String> types) {
    boolean wants(String type, List<String> eventBrands) {
      if (!types.isEmpty() && !types.contains(type)) {
        return false;
      }
      return brandId == null
          || (eventBrands != null
              && !eventBrands.isEmpty()
              && eventBrands.stream().allMatch(brandId::equals));
    }
  }
}

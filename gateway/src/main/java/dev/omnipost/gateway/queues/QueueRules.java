package dev.omnipost.gateway.queues;

import dev.omnipost.gateway.queues.QueueRequest.SlotRequest;
import dev.omnipost.gateway.queues.QueueSlots.Slot;
import dev.omnipost.gateway.queues.QueueView.SlotView;
import dev.omnipost.gateway.web.ApiException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a queue may be: an IANA time zone id and 1-{@value #MAX_SLOTS} distinct weekly slots. Turns
 * a request into a {@link Schedule} or a 400 that names the field and what would be valid. Pure.
 */
final class QueueRules {

  static final int MAX_SLOTS = 100;

  static final List<String> DAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private QueueRules() {}

  /** A valid queue: its zone and its slots, sorted by day of the week and time. */
  record Schedule(ZoneId zone, List<Slot> slots) {

    QueueSlots queueSlots() {
      return new QueueSlots(zone, slots);
    }

    List<SlotView> views() {
      return slots.stream().map(QueueRules::view).toList();
    }
  }

  static Schedule validate(QueueRequest request) {
    if (request == null) {
      throw ApiException.invalid(
          "request.missing_body",
          "Send {\"timezone\": \"Europe/Berlin\", \"slots\": [{\"day\": \"monday\", \"time\":"
              + " \"09:00\"}]}",
          Map.of());
    }
    ZoneId zone = zone(request.timezone());
    List<SlotRequest> slots = request.slots();
    if (slots == null) {
      throw ApiException.invalid(
          "request.missing_field",
          "slots is required: a list of {day, time}, such as {\"day\": \"monday\", \"time\":"
              + " \"09:00\"}",
          Map.of("field", "slots"));
    }
    if (slots.isEmpty() || slots.size() > MAX_SLOTS) {
      throw ApiException.invalid(
          "request.invalid_field",
          "slots must list between 1 and "
              + MAX_SLOTS
              + " slots; to stop queueing, DELETE the queue",
          Map.of("field", "slots", "min", 1, "max", MAX_SLOTS));
    }
    Set<Slot> seen = new HashSet<>();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slot(slots.get(i), "slots[" + i + "]");
      if (!seen.add(slot)) {
        throw ApiException.invalid(
            "queue.duplicate_slot",
            "slots["
                + i
                + "] repeats "
                + view(slot).day()
                + " "
                + view(slot).time()
                + "; each slot may be listed once",
            Map.of("field", "slots[" + i + "]"));
      }
    }
    return new Schedule(
        zone,
        seen.stream().sorted(Comparator.comparing(Slot::day).thenComparing(Slot::time)).toList());
  }

  /** A stored queue, read back (it was validated when it was written). */
  static Schedule stored(String timezone, List<SlotView> slots) {
    return new Schedule(
        ZoneId.of(timezone),
        slots.stream()
            .map(s -> new Slot(day(s.day()).orElseThrow(), LocalTime.parse(s.time(), HH_MM)))
            .toList());
  }

  /**
   * An IANA time zone id (region ids such as {@code Europe/Berlin}, and {@code UTC}); offsets such
   * as {@code +02:00} are refused, since a queue should follow its region's daylight-saving rules.
   */
  static ZoneId zone(String timezone) {
    if (timezone == null || timezone.isBlank()) {
      throw ApiException.invalid(
          "request.missing_field",
          "timezone is required: an IANA time zone id such as Europe/Berlin or America/New_York",
          Map.of("field", "timezone"));
    }
    Set<String> known = ZoneId.getAvailableZoneIds();
    if (known.contains(timezone)) {
      return ZoneId.of(timezone);
    }
    Optional<String> suggestion =
        known.stream().filter(id -> id.equalsIgnoreCase(timezone.trim())).findFirst();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("field", "timezone");
    suggestion.ifPresent(id -> meta.put("suggestion", id));
    throw ApiException.invalid(
        "queue.invalid_timezone",
        "'"
            + timezone
            + "' is not an IANA time zone id"
            + suggestion.map(id -> " (did you mean " + id + "?)").orElse("")
            + "; use a region such as Europe/Berlin, America/New_York or UTC, not an offset or"
            + " an abbreviation",
        meta);
  }

  private static Slot slot(SlotRequest slot, String field) {
    if (slot == null) {
      throw ApiException.invalid(
          "request.invalid_field",
          field + " must be an object such as {\"day\": \"monday\", \"time\": \"09:00\"}",
          Map.of("field", field));
    }
    DayOfWeek day =
        day(slot.day())
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "request.invalid_field",
                        field
                            + ".day must be a day of the week in lower case, such as monday; got "
                            + (slot.day() == null ? "nothing" : "'" + slot.day() + "'"),
                        Map.of("field", field + ".day", "valid_values", DAYS)));
    if (slot.time() == null || !TIME.matcher(slot.time()).matches()) {
      throw ApiException.invalid(
          "request.invalid_field",
          field
              + ".time must be HH:mm on a 24-hour clock, such as 09:30 or 17:00; got "
              + (slot.time() == null ? "nothing" : "'" + slot.time() + "'"),
          Map.of("field", field + ".time"));
    }
    return new Slot(day, LocalTime.parse(slot.time(), HH_MM));
  }

  private static Optional<DayOfWeek> day(String name) {
    int index = name == null ? -1 : DAYS.indexOf(name);
    return index < 0 ? Optional.empty() : Optional.of(DayOfWeek.of(index + 1));
  }

  private static SlotView view(Slot slot) {
    return new SlotView(slot.day().name().toLowerCase(Locale.ROOT), slot.time().format(HH_MM));
  }
}

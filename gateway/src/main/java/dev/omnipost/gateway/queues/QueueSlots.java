package dev.omnipost.gateway.queues;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The slot arithmetic of a posting queue: a weekly schedule of wall-clock times in one time zone,
 * and the instants it names. Pure (no clock, no database), so every daylight-saving case can be
 * tested on its own.
 *
 * <p>Wall-clock times a zone skips or repeats are resolved as a person reading the clock expects,
 * which for a gap is not what {@link java.time.ZonedDateTime#of} does (it adds the gap's length, so
 * 02:30 on New York's spring-forward day would become 03:30):
 *
 * <ul>
 *   <li>a time inside a gap (clocks jump forward) names the first instant after the gap, the
 *       transition itself: 02:30 becomes 03:00 in the new offset;
 *   <li>a time inside an overlap (clocks fall back) names its first occurrence, in the offset
 *       before the transition.
 * </ul>
 *
 * Two slots of one day that so name the same instant (02:15 and 02:45 in a gap, or either and
 * 03:00) are one slot that day: {@link #after} never yields an instant twice.
 */
final class QueueSlots {

  /** One weekly slot: a day of the week and a wall-clock time in the queue's zone. */
  record Slot(DayOfWeek day, LocalTime time) {}

  private final ZoneId zone;
  private final Map<DayOfWeek, List<LocalTime>> timesByDay = new EnumMap<>(DayOfWeek.class);

  QueueSlots(ZoneId zone, Collection<Slot> slots) {
    if (slots.isEmpty()) {
      throw new IllegalArgumentException("A queue needs at least one slot");
    }
    this.zone = zone;
    Map<DayOfWeek, Set<LocalTime>> sorted = new EnumMap<>(DayOfWeek.class);
    for (Slot slot : slots) {
      sorted.computeIfAbsent(slot.day(), day -> new TreeSet<>()).add(slot.time());
    }
    sorted.forEach((day, times) -> timesByDay.put(day, List.copyOf(times)));
  }

  /** The instant a date and wall-clock time name in {@code zone}, gaps and overlaps resolved. */
  static Instant instantOf(LocalDate date, LocalTime time, ZoneId zone) {
    LocalDateTime local = date.atTime(time);
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition == null) {
      return local.atZone(zone).toInstant();
    }
    if (transition.isGap()) {
      return transition.getInstant();
    }
    return local.toInstant(transition.getOffsetBefore());
  }

  /** The first slot instant strictly after {@code after} that is not in {@code taken}. */
  Instant firstFreeAfter(Instant after, Set<Instant> taken) {
    Iterator<Instant> candidates = after(after);
    while (true) {
      Instant candidate = candidates.next();
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
  }

  /** The next {@code count} slot instants strictly after {@code after}, in order. */
  List<Instant> next(Instant after, int count) {
    List<Instant> next = new ArrayList<>(count);
    Iterator<Instant> candidates = after(after);
    while (next.size() < count) {
      next.add(candidates.next());
    }
    return next;
  }

  /**
   * Every slot instant strictly after {@code after}, in increasing order, each once; endless. The
   * mapping from wall-clock time to instant above never decreases (a gap's times all land on its
   * end, an overlap's on their first occurrence), so walking the days and their times in order and
   * dropping what is not later than the last yielded instant gives each instant exactly once.
   */
  Iterator<Instant> after(Instant after) {
    return new Iterator<>() {
      private LocalDate day = LocalDate.ofInstant(after, zone);
      private final List<Instant> pending = new ArrayList<>();
      private Instant last = after;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Instant next() {
        // a week always holds at least one slot, so this ends within eight days of the last one
        while (pending.isEmpty()) {
          for (LocalTime time : timesByDay.getOrDefault(day.getDayOfWeek(), List.of())) {
            Instant candidate = instantOf(day, time, zone);
            if (candidate.isAfter(last)) {
              pending.add(candidate);
              last = candidate;
            }
          }
          day = day.plusDays(1);
        }
        return pending.remove(0);
      }
    };
  }
}

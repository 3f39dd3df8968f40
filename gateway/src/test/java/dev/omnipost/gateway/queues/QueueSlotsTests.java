package dev.omnipost.gateway.queues;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.gateway.queues.QueueSlots.Slot;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The slot arithmetic across the 2027 daylight-saving transitions of New York (spring forward 14
 * March 02:00 EST to 03:00 EDT, fall back 7 November 02:00 EDT to 01:00 EST) and Berlin (28 March
 * 02:00 CET to 03:00 CEST, 31 October 03:00 CEST to 02:00 CET), with "now" from a fixed clock.
 */
class QueueSlotsTests {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** The four transition days, each with its zone and kind. */
  static Stream<Arguments> transitionDays() {
    return Stream.of(
        Arguments.of(NEW_YORK, LocalDate.of(2027, 3, 14), true),
        Arguments.of(NEW_YORK, LocalDate.of(2027, 11, 7), false),
        Arguments.of(BERLIN, LocalDate.of(2027, 3, 28), true),
        Arguments.of(BERLIN, LocalDate.of(2027, 10, 31), false));
  }

  @Test
  void javaMovesAGapTimeByTheGapsLengthSoTheQueueDoesNotUseZonedDateTimeOf() {
    LocalDateTime inGap = LocalDateTime.of(2027, 3, 14, 2, 30);

    ZonedDateTime java = ZonedDateTime.of(inGap, NEW_YORK);
    Instant queue = QueueSlots.instantOf(inGap.toLocalDate(), inGap.toLocalTime(), NEW_YORK);

    assertThat(java.toLocalTime()).isEqualTo(LocalTime.of(3, 30));
    assertThat(queue.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
    assertThat(queue).isEqualTo(Instant.parse("2027-03-14T07:00:00Z"));
  }

  @Test
  void javasRulesReportAGapAndAnOverlapWhereTheQueueExpectsThem() {
    ZoneOffsetTransition spring =
        NEW_YORK.getRules().getTransition(LocalDateTime.of(2027, 3, 14, 2, 30));
    ZoneOffsetTransition autumn =
        NEW_YORK.getRules().getTransition(LocalDateTime.of(2027, 11, 7, 1, 30));

    assertThat(spring.isGap()).isTrue();
    assertThat(spring.getInstant()).isEqualTo(Instant.parse("2027-03-14T07:00:00Z"));
    assertThat(autumn.isOverlap()).isTrue();
    assertThat(autumn.getOffsetBefore()).isEqualTo(ZoneOffset.ofHours(-4));
    assertThat(NEW_YORK.getRules().getValidOffsets(LocalDateTime.of(2027, 11, 7, 1, 30)))
        .containsExactly(ZoneOffset.ofHours(-4), ZoneOffset.ofHours(-5));
    assertThat(NEW_YORK.getRules().getTransition(LocalDateTime.of(2027, 3, 14, 3, 0))).isNull();
    assertThat(NEW_YORK.getRules().getTransition(LocalDateTime.of(2027, 11, 7, 2, 0))).isNull();
  }

  @Test
  void aSpringForwardGapTimeIsTheFirstInstantAfterTheGapInBothZones() {
    for (int minute : new int[] {0, 1, 30, 59}) {
      assertThat(QueueSlots.instantOf(LocalDate.of(2027, 3, 14), LocalTime.of(2, minute), NEW_YORK))
          .as("New York 02:%02d", minute)
          .isEqualTo(Instant.parse("2027-03-14T07:00:00Z"));
      assertThat(QueueSlots.instantOf(LocalDate.of(2027, 3, 28), LocalTime.of(2, minute), BERLIN))
          .as("Berlin 02:%02d", minute)
          .isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
    }
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 3, 14), LocalTime.of(1, 59), NEW_YORK))
        .isEqualTo(Instant.parse("2027-03-14T06:59:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 3, 14), LocalTime.of(3, 0), NEW_YORK))
        .isEqualTo(Instant.parse("2027-03-14T07:00:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 3, 28), LocalTime.of(1, 59), BERLIN))
        .isEqualTo(Instant.parse("2027-03-28T00:59:00Z"));
  }

  @Test
  void aRepeatedAutumnTimeIsItsFirstOccurrenceInBothZones() {
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 11, 7), LocalTime.of(1, 0), NEW_YORK))
        .isEqualTo(Instant.parse("2027-11-07T05:00:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 11, 7), LocalTime.of(1, 30), NEW_YORK))
        .isEqualTo(Instant.parse("2027-11-07T05:30:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 11, 7), LocalTime.of(1, 59), NEW_YORK))
        .isEqualTo(Instant.parse("2027-11-07T05:59:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 11, 7), LocalTime.of(2, 0), NEW_YORK))
        .as("after the repeated hour: standard time")
        .isEqualTo(Instant.parse("2027-11-07T07:00:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 10, 31), LocalTime.of(2, 0), BERLIN))
        .isEqualTo(Instant.parse("2027-10-31T00:00:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 10, 31), LocalTime.of(2, 30), BERLIN))
        .isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
    assertThat(QueueSlots.instantOf(LocalDate.of(2027, 10, 31), LocalTime.of(3, 0), BERLIN))
        .isEqualTo(Instant.parse("2027-10-31T02:00:00Z"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transitionDays")
  void everyMinuteOfATransitionDayNamesTheInstantAPersonWouldExpect(
      ZoneId zone, LocalDate day, boolean springForward) {
    ZoneOffsetTransition transition =
        zone.getRules().nextTransition(day.atStartOfDay(zone).toInstant());
    Instant previous = Instant.MIN;
    int inGap = 0;
    int repeated = 0;

    for (int minute = 0; minute < 24 * 60; minute++) {
      LocalTime time = LocalTime.MIN.plusMinutes(minute);
      LocalDateTime local = day.atTime(time);
      Instant instant = QueueSlots.instantOf(day, time, zone);
      List<ZoneOffset> valid = zone.getRules().getValidOffsets(local);

      assertThat(instant).as(local + " never goes back").isAfterOrEqualTo(previous);
      previous = instant;
      if (valid.isEmpty()) {
        inGap++;
        assertThat(instant).as(local + " in the gap").isEqualTo(transition.getInstant());
        assertThat(instant.atZone(zone).toLocalTime())
            .isEqualTo(transition.getDateTimeAfter().toLocalTime());
      } else if (valid.size() == 2) {
        repeated++;
        assertThat(instant)
            .as(local + " first occurrence")
            .isEqualTo(local.toInstant(valid.get(0)));
        assertThat(instant).isBefore(local.toInstant(valid.get(1)));
        assertThat(instant).isBefore(transition.getInstant());
      } else {
        assertThat(instant).as(local.toString()).isEqualTo(local.toInstant(valid.get(0)));
      }
      assertThat(LocalDateTime.ofInstant(instant, zone))
          .as(local + " reads back")
          .isEqualTo(valid.isEmpty() ? transition.getDateTimeAfter() : local);
    }

    assertThat(transition.isGap()).isEqualTo(springForward);
    assertThat(springForward ? inGap : repeated).as("minutes in the transition").isEqualTo(60);
    assertThat(springForward ? repeated : inGap).isZero();
  }

  @Test
  void aSlotInTheSpringForwardGapFallsAtThreeOClockThatDayThenAtItsOwnTimeAWeekLater() {
    QueueSlots queue = queue(NEW_YORK, new Slot(SUNDAY, LocalTime.of(2, 30)));
    Instant now = fixedNow("2027-03-13T12:00:00-05:00");

    assertThat(queue.next(now, 3))
        .containsExactly(
            Instant.parse("2027-03-14T07:00:00Z"),
            Instant.parse("2027-03-21T06:30:00Z"),
            Instant.parse("2027-03-28T06:30:00Z"));
  }

  @Test
  void slotsThatTheGapPutsOnOneInstantAreOneSlotThatDay() {
    QueueSlots queue =
        queue(
            BERLIN,
            new Slot(SUNDAY, LocalTime.of(2, 15)),
            new Slot(SUNDAY, LocalTime.of(2, 45)),
            new Slot(SUNDAY, LocalTime.of(3, 0)),
            new Slot(SUNDAY, LocalTime.of(3, 30)));
    Instant now = fixedNow("2027-03-27T12:00:00+01:00");

    assertThat(queue.next(now, 5))
        .containsExactly(
            Instant.parse("2027-03-28T01:00:00Z"),
            Instant.parse("2027-03-28T01:30:00Z"),
            Instant.parse("2027-04-04T00:15:00Z"),
            Instant.parse("2027-04-04T00:45:00Z"),
            Instant.parse("2027-04-04T01:00:00Z"));
  }

  @Test
  void aSlotInTheRepeatedHourFiresOnceAtItsFirstOccurrence() {
    QueueSlots queue = queue(NEW_YORK, new Slot(SUNDAY, LocalTime.of(1, 30)));

    assertThat(queue.next(fixedNow("2027-11-06T12:00:00-04:00"), 2))
        .containsExactly(
            Instant.parse("2027-11-07T05:30:00Z"), Instant.parse("2027-11-14T06:30:00Z"));
    // between the two 01:30s: the second occurrence is not a slot
    assertThat(queue.next(fixedNow("2027-11-07T05:45:00Z"), 1))
        .containsExactly(Instant.parse("2027-11-14T06:30:00Z"));
  }

  @Test
  void berlinsRepeatedHourLikewise() {
    QueueSlots queue = queue(BERLIN, new Slot(SUNDAY, LocalTime.of(2, 30)));

    assertThat(queue.next(fixedNow("2027-10-30T12:00:00+02:00"), 2))
        .containsExactly(
            Instant.parse("2027-10-31T00:30:00Z"), Instant.parse("2027-11-07T01:30:00Z"));
    assertThat(queue.next(fixedNow("2027-10-31T00:31:00Z"), 1))
        .containsExactly(Instant.parse("2027-11-07T01:30:00Z"));
  }

  @Test
  void aSlotKeepsItsWallClockTimeAcrossAChangeSoItsUtcInstantMoves() {
    QueueSlots queue = queue(BERLIN, new Slot(MONDAY, LocalTime.of(9, 0)));

    List<Instant> mondays = queue.next(fixedNow("2027-03-20T00:00:00Z"), 2);
    List<Instant> autumn = queue.next(fixedNow("2027-10-23T00:00:00Z"), 2);

    assertThat(mondays)
        .containsExactly(
            Instant.parse("2027-03-22T08:00:00Z"), Instant.parse("2027-03-29T07:00:00Z"));
    assertThat(autumn)
        .containsExactly(
            Instant.parse("2027-10-25T07:00:00Z"), Instant.parse("2027-11-01T08:00:00Z"));
    assertThat(Duration.between(mondays.get(0), mondays.get(1))).isEqualTo(Duration.ofHours(167));
  }

  @Test
  void theFirstFreeSlotSkipsTakenInstantsAcrossTheChange() {
    QueueSlots queue =
        queue(
            NEW_YORK,
            new Slot(SATURDAY, LocalTime.of(23, 30)),
            new Slot(SUNDAY, LocalTime.of(2, 30)));
    Instant now = fixedNow("2027-03-13T12:00:00-05:00");
    Instant saturday = Instant.parse("2027-03-14T04:30:00Z");
    Instant gapSlot = Instant.parse("2027-03-14T07:00:00Z");

    assertThat(queue.firstFreeAfter(now, Set.of())).isEqualTo(saturday);
    assertThat(queue.firstFreeAfter(now, Set.of(saturday))).isEqualTo(gapSlot);
    assertThat(queue.firstFreeAfter(now, Set.of(saturday, gapSlot)))
        .isEqualTo(Instant.parse("2027-03-21T03:30:00Z"));
    assertThat(queue.firstFreeAfter(now, Set.of(Instant.parse("2027-03-14T04:31:00Z"))))
        .as("a taken instant that is no slot changes nothing")
        .isEqualTo(saturday);
  }

  @Test
  void aSlotExactlyAtNowIsNotAfterNow() {
    QueueSlots queue =
        queue(BERLIN, new Slot(MONDAY, LocalTime.of(9, 0)), new Slot(FRIDAY, LocalTime.of(17, 0)));

    assertThat(queue.next(fixedNow("2027-01-04T09:00:00+01:00"), 2))
        .containsExactly(
            Instant.parse("2027-01-08T16:00:00Z"), Instant.parse("2027-01-11T08:00:00Z"));
    assertThat(queue.next(fixedNow("2027-01-04T08:59:59.999999+01:00"), 1))
        .containsExactly(Instant.parse("2027-01-04T08:00:00Z"));
  }

  @Test
  void slotsComeInWeekOrderWhateverOrderTheyWereGivenIn() {
    QueueSlots queue =
        queue(
            NEW_YORK,
            new Slot(FRIDAY, LocalTime.of(17, 0)),
            new Slot(MONDAY, LocalTime.of(9, 0)),
            new Slot(MONDAY, LocalTime.of(8, 0)));

    // Wednesday 6 January 2027
    assertThat(queue.next(fixedNow("2027-01-06T12:00:00-05:00"), 4))
        .containsExactly(
            Instant.parse("2027-01-08T22:00:00Z"),
            Instant.parse("2027-01-11T13:00:00Z"),
            Instant.parse("2027-01-11T14:00:00Z"),
            Instant.parse("2027-01-15T22:00:00Z"));
  }

  @Test
  void aDayTheZoneSkipsEntirelyGivesItsSlotsTheFirstInstantAfterIt() {
    // Samoa skipped Friday 30 December 2011, moving from UTC-10 to UTC+14 at its midnight
    ZoneId apia = ZoneId.of("Pacific/Apia");
    QueueSlots queue =
        queue(apia, new Slot(FRIDAY, LocalTime.of(10, 0)), new Slot(SATURDAY, LocalTime.of(0, 0)));

    assertThat(queue.next(fixedNow("2011-12-29T12:00:00-10:00"), 3))
        .containsExactly(
            // Friday's 10:00 and Saturday's 00:00 both become the first instant of Saturday
            Instant.parse("2011-12-30T10:00:00Z"),
            LocalDateTime.of(2012, 1, 6, 10, 0).atZone(apia).toInstant(),
            LocalDateTime.of(2012, 1, 7, 0, 0).atZone(apia).toInstant());
  }

  @Test
  void aQueueNeedsASlot() {
    assertThatThrownBy(() -> new QueueSlots(BERLIN, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everySlotOfAYearInBothZonesIsDistinctIncreasingAndOnItsWallClockTimeUnlessSkipped() {
    for (ZoneId zone : List.of(NEW_YORK, BERLIN)) {
      List<Slot> everyHalfHourOnSunday = new ArrayList<>();
      for (int minute = 0; minute < 24 * 60; minute += 30) {
        everyHalfHourOnSunday.add(new Slot(SUNDAY, LocalTime.MIN.plusMinutes(minute)));
      }
      QueueSlots queue = new QueueSlots(zone, everyHalfHourOnSunday);

      List<Instant> year = queue.next(fixedNow("2027-01-01T00:00:00Z"), 52 * 48);

      assertThat(year).as(zone.getId()).doesNotHaveDuplicates().isSorted();
      assertThat(year)
          .allSatisfy(at -> assertThat(at.atZone(zone).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY));
      // 52 Sundays of 48 slots, less the two that the spring gap merges into 03:00, so the
      // last two fall on the first Sunday of 2028
      assertThat(year.stream().filter(at -> at.atZone(zone).getYear() == 2027).count())
          .isEqualTo(52 * 48 - 2);
      assertThat(year.subList(year.size() - 2, year.size()))
          .extracting(at -> at.atZone(zone).toLocalDateTime())
          .containsExactly(LocalDateTime.of(2028, 1, 2, 0, 0), LocalDateTime.of(2028, 1, 2, 0, 30));
    }
  }

  private static QueueSlots queue(ZoneId zone, Slot... slots) {
    return new QueueSlots(zone, List.of(slots));
  }

  private static Instant fixedNow(String at) {
    return Clock.fixed(java.time.OffsetDateTime.parse(at).toInstant(), ZoneOffset.UTC).instant();
  }
}

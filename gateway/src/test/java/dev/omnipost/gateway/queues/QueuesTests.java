package dev.omnipost.gateway.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code GET/PUT/DELETE /v1/accounts/{id}/queue}: what is stored, every bad input, who may. */
class QueuesTests extends QueueTestSupport {

  @Test
  void storesTheSlotsSortedAndShowsTheNextFreeSlot() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    // Wednesday 6 January 2027, 12:00 in Berlin
    fixClock("2027-01-06T11:00:00Z");

    putQueue(
            tenant,
            account,
            Map.of(
                "timezone",
                "Europe/Berlin",
                "slots",
                List.of(slot("monday", "09:00"), slot("friday", "17:30"), slot("monday", "08:15"))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.account_id")
        .isEqualTo(account)
        .jsonPath("$.data.timezone")
        .isEqualTo("Europe/Berlin")
        .jsonPath("$.data.slots[0].day")
        .isEqualTo("monday")
        .jsonPath("$.data.slots[0].time")
        .isEqualTo("08:15")
        .jsonPath("$.data.slots[1].time")
        .isEqualTo("09:00")
        .jsonPath("$.data.slots[2].day")
        .isEqualTo("friday")
        .jsonPath("$.data.next_free_slot_at")
        .isEqualTo("2027-01-08T16:30:00Z")
        .jsonPath("$.data.updated_at")
        .isNotEmpty();

    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.slots.length()")
        .isEqualTo(3)
        .jsonPath("$.data.slots[2].time")
        .isEqualTo("17:30")
        .jsonPath("$.data.next_free_slot_at")
        .isEqualTo("2027-01-08T16:30:00Z");
  }

  @Test
  void aPutReplacesTheWholeQueue() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "Europe/Berlin", slot("monday", "09:00"), slot("tuesday", "09:00"));

    setQueue(tenant, account, "America/New_York", slot("sunday", "18:00"));

    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.timezone")
        .isEqualTo("America/New_York")
        .jsonPath("$.data.slots.length()")
        .isEqualTo(1)
        .jsonPath("$.data.slots[0].day")
        .isEqualTo("sunday");
  }

  @Test
  void anAccountWithoutAQueueShowsAnEmptyOne() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.account_id")
        .isEqualTo(account)
        .jsonPath("$.data.timezone")
        .isEmpty()
        .jsonPath("$.data.slots.length()")
        .isEqualTo(0)
        .jsonPath("$.data.next_free_slot_at")
        .isEmpty();
  }

  @Test
  void deletingTheQueueEmptiesItAndIsIdempotent() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "UTC", slot("monday", "09:00"));

    deleteQueue(tenant, account).expectStatus().isNoContent();
    deleteQueue(tenant, account).expectStatus().isNoContent();

    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.slots.length()")
        .isEqualTo(0);
  }

  @Test
  void refusesAZoneThatIsNotAnIanaIdAndSuggestsTheRightCase() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    for (String zone : List.of("Mars/Olympus_Mons", "+02:00", "UTC+1", "EST", "CET ", "Z", "")) {
      putQueue(tenant, account, Map.of("timezone", zone, "slots", List.of(slot("monday", "09:00"))))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo(zone.isEmpty() ? "request.missing_field" : "queue.invalid_timezone")
          .jsonPath("$.error.meta.field")
          .isEqualTo("timezone")
          .jsonPath("$.error.message")
          .value(message -> assertThat((String) message).contains("Europe/Berlin"));
    }
    putQueue(
            tenant,
            account,
            Map.of("timezone", "europe/berlin", "slots", List.of(slot("monday", "09:00"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("queue.invalid_timezone")
        .jsonPath("$.error.meta.suggestion")
        .isEqualTo("Europe/Berlin")
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("did you mean Europe/Berlin?"));
    putQueue(tenant, account, Map.of("slots", List.of(slot("monday", "09:00"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("timezone");
  }

  @Test
  void refusesMissingEmptyAndTooManySlots() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    List<Map<String, String>> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(slot(QueueRules.DAYS.get(i % 7), String.format("%02d:%02d", i / 7, 0)));
    }

    putQueue(tenant, account, Map.of("timezone", "UTC"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots");
    for (List<Map<String, String>> slots : List.of(List.<Map<String, String>>of(), tooMany)) {
      putQueue(tenant, account, Map.of("timezone", "UTC", "slots", slots))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("slots")
          .jsonPath("$.error.meta.max")
          .isEqualTo(100);
    }
    putQueue(tenant, account, Map.of("timezone", "UTC", "slots", tooMany.subList(0, 100)))
        .expectStatus()
        .isOk();
  }

  @Test
  void refusesABadDayOrTimeNamingTheSlot() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    for (String day : List.of("Monday", "mon", "funday", " monday", "", "1")) {
      putQueue(
              tenant,
              account,
              Map.of(
                  "timezone", "UTC", "slots", List.of(slot("monday", "08:00"), slot(day, "09:00"))))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("slots[1].day")
          .jsonPath("$.error.meta.valid_values[0]")
          .isEqualTo("monday")
          .jsonPath("$.error.meta.valid_values[6]")
          .isEqualTo("sunday");
    }
    for (String time : List.of("9:00", "24:00", "09:60", "09:00:00", "9am", "", "0900")) {
      putQueue(tenant, account, Map.of("timezone", "UTC", "slots", List.of(slot("monday", time))))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("request.invalid_field")
          .jsonPath("$.error.meta.field")
          .isEqualTo("slots[0].time")
          .jsonPath("$.error.message")
          .value(message -> assertThat((String) message).contains("HH:mm"));
    }
    putQueue(tenant, account, Map.of("timezone", "UTC", "slots", List.of(Map.of("day", "monday"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots[0].time");
    putQueue(tenant, account, Map.of("timezone", "UTC", "slots", List.of(Map.of("time", "09:00"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots[0].day");
  }

  @Test
  void refusesADuplicateSlot() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    putQueue(
            tenant,
            account,
            Map.of(
                "timezone",
                "UTC",
                "slots",
                List.of(slot("monday", "09:00"), slot("friday", "09:00"), slot("monday", "09:00"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("queue.duplicate_slot")
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots[2]")
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("monday 09:00"));
  }

  @Test
  void refusesBodiesOfTheWrongShapeWithTheEnvelope() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");

    rawPut(tenant, account, "{\"timezone\": \"UTC\", \"slots\": ")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.malformed_json");
    rawPut(tenant, account, "{\"timezone\": \"UTC\", \"slots\": \"monday 09:00\"}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots");
    rawPut(tenant, account, "{\"timezone\": \"UTC\", \"slots\": [null]}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots[0]");
    rawPut(
            tenant,
            account,
            "{\"timezone\": \"UTC\", \"slots\": [{\"day\": [], \"time\": \"09:00\"}]}")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.invalid_field")
        .jsonPath("$.error.meta.field")
        .isEqualTo("slots[0].day");
    rawPut(tenant, account, "")
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("request.missing_body");
  }

  @Test
  void aRefusedPutLeavesTheQueueAsItWas() {
    Tenant tenant = newTenant();
    String account = connect(tenant, "mastodon");
    setQueue(tenant, account, "Europe/Berlin", slot("monday", "09:00"));

    putQueue(
            tenant,
            account,
            Map.of("timezone", "Nowhere/Else", "slots", List.of(slot("friday", "10:00"))))
        .expectStatus()
        .isBadRequest();

    get(tenant, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectBody()
        .jsonPath("$.data.timezone")
        .isEqualTo("Europe/Berlin")
        .jsonPath("$.data.slots[0].day")
        .isEqualTo("monday");
  }

  @Test
  void anUnknownAccountOrAnotherWorkspacesIsNotFoundWhateverTheBody() {
    Tenant owner = newTenant();
    Tenant other = newTenant();
    String account = connect(owner, "mastodon");
    setQueue(owner, account, "UTC", slot("monday", "09:00"));

    for (String id : List.of(account, "acc_doesnotexist")) {
      get(other, "/v1/accounts/" + id + "/queue")
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("resource.not_found");
      for (Object body :
          List.<Object>of(
              Map.of(), Map.of("timezone", "UTC", "slots", List.of(slot("friday", "10:00"))))) {
        putQueue(other, id, body)
            .expectStatus()
            .isNotFound()
            .expectBody()
            .jsonPath("$.error.code")
            .isEqualTo("resource.not_found");
      }
      deleteQueue(other, id).expectStatus().isNotFound();
    }

    get(owner, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectBody()
        .jsonPath("$.data.slots[0].day")
        .isEqualTo("monday");
  }

  @Test
  void aBrandRestrictedKeyManagesOnlyItsBrandsQueues() {
    Tenant agency = newTenant();
    String acme = newBrand(agency, "Acme");
    String globex = newBrand(agency, "Globex");
    String acmeAccount = connect(agency, "mastodon");
    String globexAccount = connect(agency, "mastodon");
    String brandless = connect(agency, "mastodon");
    moveToBrand(agency, acmeAccount, acme);
    moveToBrand(agency, globexAccount, globex);
    setQueue(agency, globexAccount, "UTC", slot("monday", "09:00"));
    Tenant acmeKey = keyRestrictedToBrands(agency, acme);

    setQueue(acmeKey, acmeAccount, "Europe/Berlin", slot("tuesday", "10:00"));
    get(acmeKey, "/v1/accounts/" + acmeAccount + "/queue")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.data.timezone")
        .isEqualTo("Europe/Berlin");
    for (String foreign : List.of(globexAccount, brandless)) {
      get(acmeKey, "/v1/accounts/" + foreign + "/queue").exchange().expectStatus().isNotFound();
      putQueue(
              acmeKey,
              foreign,
              Map.of("timezone", "UTC", "slots", List.of(slot("friday", "10:00"))))
          .expectStatus()
          .isNotFound()
          .expectBody()
          .jsonPath("$.error.code")
          .isEqualTo("resource.not_found");
      deleteQueue(acmeKey, foreign).expectStatus().isNotFound();
    }

    get(agency, "/v1/accounts/" + globexAccount + "/queue")
        .exchange()
        .expectBody()
        .jsonPath("$.data.slots[0].day")
        .isEqualTo("monday");
  }

  @Test
  void readingNeedsAccountsReadAndChangingNeedsAccountsWrite() {
    Tenant owner = newTenant();
    String account = connect(owner, "mastodon");
    Tenant reader = keyWithScopes(owner, "accounts:read");
    Tenant postsOnly = keyWithScopes(owner, "posts:write", "posts:publish");

    get(reader, "/v1/accounts/" + account + "/queue").exchange().expectStatus().isOk();
    putQueue(reader, account, Map.of("timezone", "UTC", "slots", List.of(slot("monday", "09:00"))))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("auth.forbidden_scope")
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("accounts:write");
    deleteQueue(reader, account)
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("accounts:write");
    get(postsOnly, "/v1/accounts/" + account + "/queue")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.meta.required_scope")
        .isEqualTo("accounts:read");
  }

  private WebTestClient.ResponseSpec deleteQueue(Tenant tenant, String accountId) {
    return http.delete()
        .uri("/v1/accounts/" + accountId + "/queue")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .exchange();
  }

  private WebTestClient.ResponseSpec rawPut(Tenant tenant, String accountId, String json) {
    return http.put()
        .uri("/v1/accounts/" + accountId + "/queue")
        .header("Authorization", "Bearer " + tenant.apiKey())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json)
        .exchange();
  }
}

package dev.omnipost.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.events.posts.PostTargetPublished;
import dev.omnipost.events.usage.UsageLimitReached;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CloudEventCodecTests {

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private final CloudEventCodec codec = new CloudEventCodec("/omnipost/test", clock);

  @Test
  void roundTripsAnEventWithSnakeCaseData() {
    var published =
        new PostTargetPublished(
            "post_1", "acc_1", "mastodon", "109", "https://m.example/@a/109", clock.instant(), 1);

    CloudEvent event = codec.wrap(published, "ws_1", "post_1");
    byte[] bytes = CloudEventCodec.encode(event);
    CloudEvent decoded = CloudEventCodec.decode(bytes);

    String json = new String(bytes, StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"specversion\":\"1.0\"")
        .contains("\"workspaceid\":\"ws_1\"")
        .contains("\"platform_post_id\":\"109\"")
        .contains("\"published_at\":\"2026-01-02T03:04:05Z\"");
    assertThat(decoded.id()).startsWith("evt_").isEqualTo(event.id());
    assertThat(decoded.type()).isEqualTo("post.target.published");
    assertThat(decoded.time()).isEqualTo(clock.instant());
    assertThat(CloudEventCodec.dataAs(decoded, PostTargetPublished.class)).isEqualTo(published);
  }

  @Test
  void usageLimitReachedIsACatalogueTypeWithSnakeCaseData() {
    var reached =
        new UsageLimitReached(
            "posts_per_month", 80, 100, 80, Instant.parse("2026-02-01T00:00:00Z"));

    CloudEvent decoded =
        CloudEventCodec.decode(CloudEventCodec.encode(codec.wrap(reached, "ws_1", "ws_1")));

    assertThat(EventCatalogue.contains(decoded.type())).isTrue();
    assertThat(decoded.data().get("threshold_percent").asInt()).isEqualTo(80);
    assertThat(decoded.data().get("resets_at").asString()).isEqualTo("2026-02-01T00:00:00Z");
    assertThat(CloudEventCodec.dataAs(decoded, UsageLimitReached.class)).isEqualTo(reached);
  }

  @Test
  void rejectsBytesThatAreNotACloudEvent() {
    assertThatThrownBy(() -> CloudEventCodec.decode("{\"foo\":1}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing id or type");
    assertThatThrownBy(() -> CloudEventCodec.decode("not json".getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void idsCarryTheirTypePrefixAndAreUnique() {
    assertThat(Ids.newId("post")).matches("post_[0-9A-Za-z]{24}");
    assertThat(Ids.newId("acc")).isNotEqualTo(Ids.newId("acc"));
  }
}

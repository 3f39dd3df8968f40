package dev.omnipost.connectors.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueskyFacetsTests {

  @Test
  void locatesALinkAfterAccentsAndAnEmojiByUtf8Bytes() {
    String text = "Crème 🍮 https://example.com/menu.";

    List<Map<String, Object>> facets = BlueskyFacets.of(text, handle -> null);

    assertThat(facets)
        .singleElement()
        .satisfies(f -> assertThat(slice(text, f)).isEqualTo("https://example.com/menu"));
    assertThat(range(facets.get(0))).containsExactly(12, 36);
    assertThat(feature(facets.get(0))).containsEntry("uri", "https://example.com/menu");
  }

  @Test
  void turnsAResolvedMentionIntoADidFacetAndLeavesAnUnknownOnePlain() {
    String text = "Thanks @miller.bsky.social and @nobody.example!";

    List<Map<String, Object>> facets =
        BlueskyFacets.of(
            text, handle -> handle.equals("miller.bsky.social") ? "did:plc:miller" : null);

    assertThat(facets)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(slice(text, f)).isEqualTo("@miller.bsky.social");
              assertThat(feature(f))
                  .containsEntry("$type", "app.bsky.richtext.facet#mention")
                  .containsEntry("did", "did:plc:miller");
            });
  }

  @Test
  void tagsHashtagsButNotAnchorsInsideLinksOrEmailLikeText() {
    String text = "Fresh #sourdough! https://example.com/#menu bread@home.example";

    List<Map<String, Object>> facets = BlueskyFacets.of(text, handle -> "did:plc:x");

    assertThat(facets)
        .extracting(f -> slice(text, f))
        .containsExactlyInAnyOrder("https://example.com/#menu", "#sourdough");
    assertThat(facets)
        .filteredOn(f -> feature(f).get("$type").equals("app.bsky.richtext.facet#tag"))
        .singleElement()
        .satisfies(f -> assertThat(feature(f)).containsEntry("tag", "sourdough"));
  }

  @Test
  void hasNoFacetsForPlainText() {
    assertThat(BlueskyFacets.of("Just bread.", handle -> "did:plc:x")).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static List<Integer> range(Map<String, Object> facet) {
    Map<String, Integer> index = (Map<String, Integer>) facet.get("index");
    return List.of(index.get("byteStart"), index.get("byteEnd"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> feature(Map<String, Object> facet) {
    return ((List<Map<String, Object>>) facet.get("features")).get(0);
  }

  private static String slice(String text, Map<String, Object> facet) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<Integer> range = range(facet);
    return new String(
        Arrays.copyOfRange(bytes, range.get(0), range.get(1)), StandardCharsets.UTF_8);
  }
}

package dev.omnipost.connectors.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnipost.connectors.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XWeightedTextCounterTests {

  private final XWeightedTextCounter counter = new XWeightedTextCounter();

  @Test
  void countsAsciiOnePerCharacter() {
    assertThat(counter.count("Hello, world!")).isEqualTo(13);
  }

  @Test
  void countsNothingForEmptyText() {
    assertThat(counter.count("")).isZero();
  }

  @Test
  void countsLatinWithAccentsAndGeneralPunctuationOnePerCharacter() {
    assertThat(counter.count("Café – “déjà vu”")).isEqualTo(16);
  }

  @ParameterizedTest(name = "{0} weighs {1}")
  @CsvSource({
    "中文, 4",
    "こんにちは, 10",
    "한국어, 6",
    "Привет, 6",
    "שלום, 4",
  })
  void weighsScriptsOutsideTheLatinRangesAsTheTwitterTextConfigSays(String text, int weight) {
    assertThat(counter.count(text)).isEqualTo(weight);
  }

  @Test
  void weighsASingleEmojiTwo() {
    assertThat(counter.count("😀")).isEqualTo(2);
  }

  @Test
  void weighsAZeroWidthJoinerFamilyOnceAsTwo() {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

    assertThat(counter.count(family)).isEqualTo(2);
    assertThat(counter.count("hi " + family + " bye")).isEqualTo(3 + 2 + 4);
  }

  @Test
  void weighsAZwjSequenceWithAVariationSelectorOnceAsTwo() {
    String coupleWithHeart = "\uD83D\uDC69\u200D\u2764\uFE0F\u200D\uD83D\uDC68";

    assertThat(counter.count(coupleWithHeart)).isEqualTo(2);
  }

  @Test
  void weighsAFlagOfTwoRegionalIndicatorsTwo() {
    assertThat(counter.count("🇺🇸")).isEqualTo(2);
    assertThat(counter.count("🇫🇷🇩🇪")).isEqualTo(4);
  }

  @Test
  void weighsASubdivisionFlagWithTagCharactersTwo() {
    String england =
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";

    assertThat(counter.count(england)).isEqualTo(2);
  }

  @Test
  void weighsAnEmojiWithASkinToneTwo() {
    assertThat(counter.count("👍🏽")).isEqualTo(2);
    assertThat(counter.count("👋🏿👋🏻")).isEqualTo(4);
  }

  @Test
  void weighsAKeycapEmojiTwo() {
    assertThat(counter.count("1\uFE0F\u20E3")).isEqualTo(2);
    assertThat(counter.count("#\u20E3")).isEqualTo(2);
  }

  @Test
  void keepsDigitsNotFollowedByAKeycapAtOneEach() {
    assertThat(counter.count("2024")).isEqualTo(4);
  }

  @ParameterizedTest(name = "U+{0} with FE0F weighs 2")
  @ValueSource(strings = {"2764", "25B6", "2934", "3030", "24C2", "2B50", "21A9"})
  void weighsATextSymbolWithEmojiPresentationSelectorTwo(String hex) {
    String emoji = new String(Character.toChars(Integer.parseInt(hex, 16))) + "\uFE0F";

    assertThat(counter.count(emoji)).isEqualTo(2);
  }

  @Test
  void countsEveryUrlAsTwentyThreeWhateverItsLength() {
    String longUrl = "https://example.com/" + "a".repeat(200);

    assertThat(counter.count("https://x.co")).isEqualTo(23);
    assertThat(counter.count("see " + longUrl)).isEqualTo(4 + 23);
    assertThat(counter.count("http://a.io http://b.io")).isEqualTo(23 + 1 + 23);
  }

  @Test
  void countsPunctuationAfterAUrlAsText() {
    assertThat(counter.count("Read https://example.com/post.")).isEqualTo(5 + 23 + 1);
  }

  @Test
  void normalisesToNfcBeforeCounting() {
    String decomposed = "e\u0301";

    assertThat(counter.count(decomposed)).isEqualTo(1);
    assertThat(counter.count("Cafe\u0301")).isEqualTo(counter.count("Café"));
  }

  @Test
  void acceptsExactly280AndRejects281ThroughThePlatformRules() {
    PlatformRules x = PlatformRules.of(Platform.TWITTER);

    assertThat(x.checkText("a".repeat(280))).isEmpty();
    assertThat(x.checkText("a".repeat(281)))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.code()).isEqualTo("text.too_long");
              assertThat(v.message()).contains("280", "281");
            });
  }

  @Test
  void rejectsOneHundredFortyOneCjkCharactersThroughThePlatformRules() {
    PlatformRules x = PlatformRules.of(Platform.TWITTER);

    assertThat(x.checkText("中".repeat(140))).isEmpty();
    assertThat(x.checkText("中".repeat(141))).extracting("code").containsExactly("text.too_long");
  }

  @Test
  void acceptsOneHundredFortyEmojiAndRejectsOneMore() {
    PlatformRules x = PlatformRules.of(Platform.TWITTER);

    assertThat(x.checkText("👍🏽".repeat(140))).isEmpty();
    assertThat(x.checkText("👍🏽".repeat(141))).isNotEmpty();
  }

  @Test
  void countsABareDomainAsTwentyThreeAsXLinksIt() {
    assertThat(counter.count("example.com")).isEqualTo(23);
    assertThat(counter.count("Go to example.com/menu today")).isEqualTo(6 + 23 + 6);
  }

  @Test
  void countsAUrlInsideCjkTextAsTwentyThree() {
    assertThat(counter.count("見て https://example.com/a")).isEqualTo(4 + 1 + 23);
  }

  @Test
  void doesNotTakeAWordWithADotForAUrl() {
    assertThat(counter.count("end.of sentence")).isEqualTo(15);
  }

  @Test
  void countsEmojiNextToAUrlSeparately() {
    assertThat(counter.count("🎉https://example.com 🎉")).isEqualTo(2 + 23 + 1 + 2);
  }

  @Test
  void weighsAnEmojiSequenceAfterTextTwoWithoutMergingIntoTheText() {
    assertThat(counter.count("ok👩‍💻")).isEqualTo(2 + 2);
  }

  @Test
  void acceptsTwoHundredFiftySixCharactersAndAUrlButNotOneMore() {
    PlatformRules x = PlatformRules.of(Platform.TWITTER);
    String url = " https://example.com/" + "p".repeat(100);

    assertThat(x.checkText("a".repeat(256) + url)).isEmpty();
    assertThat(x.checkText("a".repeat(257) + url))
        .extracting("code")
        .containsExactly("text.too_long");
  }
}

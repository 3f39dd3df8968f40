package dev.omnipost.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTests {

  @Test
  void generatedKeysHaveTheDocumentedFormat() {
    String key = ApiKeys.generate();

    assertThat(key).matches("opk_live_[0-9A-Za-z]{32}");
    assertThat(ApiKeys.hasValidFormat(key)).isTrue();
    assertThat(ApiKeys.generate()).isNotEqualTo(key);
  }

  @Test
  void keysAreStoredAsLowerCaseSha256Hex() {
    String hash = ApiKeys.hash("opk_live_abc");

    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(ApiKeys.hash("opk_live_abc")).isEqualTo(hash);
    assertThat(ApiKeys.hash("opk_live_abd")).isNotEqualTo(hash);
  }

  @Test
  void theDisplayPrefixIsTheFirstTwelveCharacters() {
    assertThat(ApiKeys.displayPrefix("opk_live_ABCDEFGH")).isEqualTo("opk_live_ABC");
  }

  @Test
  void malformedKeysAreRejectedWithoutALookup() {
    assertThat(ApiKeys.hasValidFormat("opk_live_short")).isFalse();
    assertThat(ApiKeys.hasValidFormat("sk_live_" + "a".repeat(32))).isFalse();
    assertThat(ApiKeys.hasValidFormat("opk_live_" + "a".repeat(31) + "!")).isFalse();
    assertThat(ApiKeys.hasValidFormat(null)).isFalse();
  }

  @Test
  void operatorTokensCompareByContent() {
    assertThat(ApiKeys.constantTimeEquals("secret", "secret")).isTrue();
    assertThat(ApiKeys.constantTimeEquals("secret", "secreT")).isFalse();
    assertThat(ApiKeys.constantTimeEquals("secret", null)).isFalse();
  }
}

package dev.omnipost.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ConnectorSettingsBindingTests {

  @Test
  void keepsTheUnderscoreOfGoogleBusinessInTheBracketForm() {
    var source =
        new MapConfigurationPropertySource(
            Map.of(
                "omnipost.platforms.base-urls[google_business]", "http://sandbox/google-business",
                "omnipost.platforms.base-urls.tiktok", "http://sandbox/tiktok"));

    ConnectorSettings settings =
        new Binder(source).bindOrCreate("omnipost.platforms", ConnectorSettings.class);

    assertThat(settings.baseUrl(Platform.GOOGLE_BUSINESS))
        .isEqualTo("http://sandbox/google-business");
    assertThat(settings.baseUrl(Platform.TIKTOK)).isEqualTo("http://sandbox/tiktok");
    assertThat(settings.baseUrl(Platform.YOUTUBE)).isEqualTo("https://www.googleapis.com");
  }
}

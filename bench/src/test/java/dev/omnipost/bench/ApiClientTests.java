package dev.omnipost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiClientTests {

  @Test
  void readsTheAdmissionTimeFromServerTimingInMicroseconds() {
    assertThat(ApiClient.admissionMicros("admission;dur=0.421")).isEqualTo(421);
    assertThat(ApiClient.admissionMicros("db;dur=3, admission;desc=\"auth\";dur=1.5"))
        .isEqualTo(1500);
  }

  @Test
  void aResponseWithoutTheAdmissionMetricIsUntimed() {
    assertThat(ApiClient.admissionMicros("")).isEqualTo(-1);
    assertThat(ApiClient.admissionMicros("db;dur=3")).isEqualTo(-1);
  }
}

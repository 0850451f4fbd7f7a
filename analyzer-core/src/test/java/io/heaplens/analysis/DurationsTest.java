package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(Durations.format(850)).isEqualTo("850 ms");
    assertThat(Durations.format(12_345)).isEqualTo("12.3 s");
    assertThat(Durations.format(200_000)).isEqualTo("3 min 20 s");
    assertThat(Durations.format(7_500_000)).isEqualTo("2 h 05 min");
  }
}

package io.heaplens.rules.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordedCodeTest {

  @Test
  void aRateWithinOneSecondNamesDistinctTimes() {
    Instant first = Instant.parse("2026-12-08T00:58:44.120Z");
    assertThat(RecordedCode.rate(804, first, first.plusMillis(880)))
        .isEqualTo("913.6/s from 00:58:44.120 to 00:58:45.000 UTC");
  }

  @Test
  void aRateOverMinutesKeepsWholeSeconds() {
    Instant first = Instant.parse("2026-12-08T00:58:44.120Z");
    assertThat(RecordedCode.rate(600, first, first.plusSeconds(300)))
        .isEqualTo("2.0/s from 00:58:44 to 01:03:44 UTC");
  }
}

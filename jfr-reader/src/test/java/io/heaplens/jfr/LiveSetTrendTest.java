package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSetTrendTest {
  private static final long MB = 1 << 20;
  private static final Instant START = Instant.parse("2024-04-05T19:00:00Z");

  /** One collection a second for {@code seconds}: the live set plus young garbage on all but every fifth. */
  private static List<HeapAfterGc> collections(int seconds, long startBytes, long bytesPerSecond) {
    List<HeapAfterGc> points = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      long live = startBytes + i * bytesPerSecond;
      points.add(new HeapAfterGc(START.plusSeconds(i), i, live + (i % 5 == 4 ? 0 : 30 * MB), 0));
    }
    return points;
  }

  @Test
  void aSteadyLeakIsFittedThroughTheWindowMinimaAndGivesTheTimeToExhaustion() {
    LiveSetTrend trend = LiveSetTrend.of(collections(200, 100 * MB, MB), 1024 * MB);

    assertThat(trend.windows()).hasSize(LiveSetTrend.WINDOWS);
    assertThat(trend.bytesPerSecond()).isCloseTo(MB, within(0.001 * MB));
    assertThat(trend.rSquared()).isGreaterThan(0.999);
    long lineOffset = Duration.between(START, trend.lineTime()).toSeconds();
    assertThat(trend.lineBytes()).as("the line passes through the live set, not the garbage above it")
        .isCloseTo(100.0 * MB + lineOffset * MB, within(0.01 * MB));
    assertThat(trend.timeToExhaustion()).hasValueSatisfying(left ->
        assertThat(left.toSeconds()).isCloseTo((1024 * MB - trend.lastBytes()) / MB, within(1L)));
  }

  @Test
  void aFlatLiveSetHasNoTimeToExhaustion() {
    LiveSetTrend trend = LiveSetTrend.of(collections(200, 100 * MB, 0), 1024 * MB);

    assertThat(trend.bytesPerSecond()).isZero();
    assertThat(trend.timeToExhaustion()).isEmpty();
  }

  @Test
  void tooFewCollectionsGiveNoSlope() {
    LiveSetTrend trend = LiveSetTrend.of(collections(LiveSetTrend.MIN_WINDOWS - 1, 100 * MB, MB), 1024 * MB);

    assertThat(trend.bytesPerSecond()).isZero();
    assertThat(trend.lineTime()).isEqualTo(START);
    assertThat(LiveSetTrend.of(List.of(), 1024 * MB).lineTime()).isNull();
  }
}

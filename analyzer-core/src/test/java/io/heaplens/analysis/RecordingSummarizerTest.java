package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.jfr.Frame;
import io.heaplens.analysis.RecordingSummary.Point;
import io.heaplens.jfr.StackTrace;
import io.heaplens.jfr.ThreadCount;
import io.heaplens.jfr.ThreadEnd;
import io.heaplens.jfr.ThreadStart;
import io.heaplens.jfr.ThrownError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSummarizerTest {
  private static final List<Frame> CONSTRUCTORS = List.of(new Frame("java.lang.Error", "<init>", 72),
      new Frame("java.lang.LinkageError", "<init>", 55), new Frame("java.lang.NoSuchMethodError", "<init>", 57));

  @Test
  void theThreadCountEndsAtTheRecordingsEndFromTheThreadStartAndEndEvents() {
    Instant origin = Instant.parse("2026-01-01T00:00:00Z");
    List<ThreadCount> samples = List.of(new ThreadCount(origin.plusMillis(200), 188, 10, 188, 188),
        new ThreadCount(origin.plusMillis(1_200), 618, 10, 618, 618));
    List<ThreadStart> starts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // 150 started before the last sample (it counts them), 50 after it.
      starts.add(new ThreadStart(origin.plusMillis(i < 150 ? 1_000 : 1_500), i, "Timer-" + i, "main", null));
    }
    List<ThreadEnd> ends = List.of(new ThreadEnd(origin.plusMillis(900), 1), new ThreadEnd(origin.plusMillis(1_600), 2),
        new ThreadEnd(origin.plusMillis(1_700), 3));

    List<Point> points = RecordingSummarizer.threadCounts(samples, starts, ends, origin, Duration.ofMillis(1_800));

    assertThat(points).containsExactly(new Point(200, 188), new Point(1_200, 618),
        new Point(1_800, 618 + 50 - 2));
    assertThat(RecordingSummarizer.threadCounts(samples, List.of(), List.of(), origin, Duration.ofMillis(1_800)))
        .as("no thread events: nothing to count the end from").hasSize(2).last().isEqualTo(new Point(1_200, 618));
    assertThat(RecordingSummarizer.threadCounts(samples, starts, ends, origin, Duration.ofMillis(1_200)))
        .as("the last sample at the end").hasSize(2);
  }

  @Test
  void theMethodHandleProbeIsJdkInternalEvenUnderApplicationFrames() {
    ThrownError probe = error("'void java.lang.invoke.DirectMethodHandle$Holder.invokeSpecial(java.lang.Object)'",
        new Frame("java.lang.invoke.MethodHandleNatives", "resolve", -1),
        new Frame("java.lang.invoke.MemberName$Factory", "resolve", 1085),
        new Frame("com.example.SearchService", "lambda$run$1", 65));
    assertThat(RecordingSummarizer.isJdkInternalLinkage(probe)).isTrue();
  }

  @Test
  void anApplicationsOwnLinkageErrorIsShown() {
    ThrownError own = error("'void com.example.Lib.gone()'", new Frame("com.example.Caller", "call", 12));
    assertThat(RecordingSummarizer.isJdkInternalLinkage(own)).isFalse();
  }

  private static ThrownError error(String message, Frame... below) {
    List<Frame> frames = new java.util.ArrayList<>(CONSTRUCTORS);
    frames.addAll(List.of(below));
    return new ThrownError(Instant.EPOCH, "java.lang.NoSuchMethodError", message, "main",
        new StackTrace(frames, false));
  }
}

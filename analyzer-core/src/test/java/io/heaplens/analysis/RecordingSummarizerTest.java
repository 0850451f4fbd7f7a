package io.heaplens.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.jfr.Frame;
import io.heaplens.jfr.StackTrace;
import io.heaplens.jfr.ThrownError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingSummarizerTest {
  private static final List<Frame> CONSTRUCTORS = List.of(new Frame("java.lang.Error", "<init>", 72),
      new Frame("java.lang.LinkageError", "<init>", 55), new Frame("java.lang.NoSuchMethodError", "<init>", 57));

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

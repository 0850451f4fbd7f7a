package io.heaplens.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner of child analyses, with real child JVMs. The children here are small programs that
 * speak the analyze command's side of {@link ChildProtocol} (the real command is run by the scan and
 * serve end-to-end tests in the cli module, which has it): one that succeeds with progress, one that
 * fails with a message, one that exhausts its heap, one that waits for its parent to go away.
 */
class ChildAnalysisTest {
  @TempDir
  Path temp;

  /** A child that reports progress, writes both documents and exits 0. */
  public static final class Succeeds {
    public static void main(String[] args) throws Exception {
      Path report = Path.of(args[argument(args, "-o")]);
      Path json = Path.of(args[argument(args, "--json")]);
      var progress = ChildProtocol.progressWriter(System.err);
      progress.progress("reading objects", 50, 100);
      progress.progress("dominators", 100, 100);
      Files.writeString(report, "<html>");
      Files.writeString(json, "{\"findings\":[]}");
    }
  }

  /** A child that fails as analyze does on a corrupt dump. */
  public static final class FailsWithMessage {
    public static void main(String[] args) {
      System.err.println("some warning first");
      System.err.println("heaplens: " + args[1] + ": corrupt or truncated dump at offset 42; take a new dump");
      System.exit(2);
    }
  }

  /** A child that runs out of heap. */
  public static final class ExhaustsHeap {
    public static void main(String[] args) {
      List<long[]> hoard = new java.util.ArrayList<>();
      while (true) {
        hoard.add(new long[1 << 20]);
      }
    }
  }

  private static int argument(String[] args, String option) {
    return List.of(args).indexOf(option) + 1;
  }

  private AnalysisJob job(String heap) throws Exception {
    Path dump = Files.writeString(temp.resolve("in.hprof"), "JAVA PROFILE");
    return new AnalysisJob(dump, null, temp.resolve("out"), heap, temp.resolve("tmp"));
  }

  private static ChildAnalysis runner(Class<?> main) {
    return new ChildAnalysis(AnalysisLauncher.currentJvm(main.getName()));
  }

  @Test
  void aChildThatWritesBothDocumentsSucceedsAndItsProgressArrives() throws Exception {
    List<String> updates = new CopyOnWriteArrayList<>();
    AnalysisJob job = job("64m");

    AnalysisOutcome outcome = runner(Succeeds.class).run(job, (phase, percent) -> updates.add(phase + " " + percent));

    assertThat(outcome.succeeded()).as(String.valueOf(outcome.error())).isTrue();
    assertThat(updates).containsExactly("reading objects 50", "dominators 100");
    assertThat(job.report()).hasContent("<html>");
  }

  @Test
  void aFailingChildGivesTheLineAnalyzePrinted() throws Exception {
    AnalysisOutcome outcome = runner(FailsWithMessage.class).run(job("64m"), AnalysisProgress.NONE);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.error()).endsWith("corrupt or truncated dump at offset 42; take a new dump")
        .doesNotStartWith("heaplens: ");
  }

  @Test
  void aChildThatExhaustsItsHeapFailsWithAdviceAndThisJvmCarriesOn() throws Exception {
    AnalysisOutcome outcome = runner(ExhaustsHeap.class).run(job("32m"), AnalysisProgress.NONE);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.error()).contains("ran out of its 32m heap").contains("--analysis-heap 64m");
  }

  @Test
  void reasonsForSignalsAndUnknownExitsSayWhatHappened() {
    assertThat(ChildAnalysis.reason(137, List.of(), "4g")).contains("killed by signal 9")
        .contains("out-of-memory killer");
    assertThat(ChildAnalysis.reason(3, List.of("something odd"), "4g"))
        .isEqualTo("the analysis exited with code 3: something odd");
  }
}

package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.cli.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens serve}'s options: every one documented in {@code --help}; each mistake one line on
 * stderr with exit code 2 and no stack trace, before anything listens.
 */
@Timeout(30)
class ServeCommandTest {
  @TempDir
  Path temp;

  @Test
  void helpDocumentsEveryOption() {
    CliRun run = CliRun.of("serve", "--help");

    assertThat(run.exitCode()).isEqualTo(Heaplens.EXIT_OK);
    for (Option option : ServeCommand.options().getOptions()) {
      assertThat(run.out()).contains("--" + option.getLongOpt());
      assertThat(option.getDescription()).as(option.getLongOpt()).isNotBlank();
    }
    assertThat(run.out()).contains("HEAPLENS_TOKEN");
  }

  @Test
  void mistakesAreOneLineWithExitCodeTwo() {
    String data = temp.resolve("data").toString();
    String[][] mistakes = {
        {"serve", "--port", "eighty"},
        {"serve", "--port", "70000", "--data", data},
        {"serve", "--workers", "0"},
        {"serve", "--max-upload", "lots"},
        {"serve", "--analysis-heap", "4 gigs"},
        {"serve", "--retention", "30 days"},
        {"serve", "--bind", "no-such-host.invalid"},
        {"serve", "--token-file", temp.resolve("missing-token").toString()},
        {"serve", "--unknown"},
        {"serve", "extra-argument"},
    };
    for (String[] args : mistakes) {
      CliRun run = CliRun.of(args);
      String command = String.join(" ", args);
      assertThat(run.thrown()).as(command).isNull();
      assertThat(run.exitCode()).as(command).isEqualTo(Heaplens.EXIT_BAD_INPUT);
      assertThat(run.errLines()).as(command).hasSize(1);
      assertThat(run.err()).as(command).startsWith("heaplens serve: ").doesNotContainPattern(CliRun.EXCEPTION_NAME);
    }
  }

  @Test
  void aPortInUseIsOneLineWithExitCodeTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("serve", "--port", String.valueOf(taken.getLocalPort()), "--data",
          temp.resolve("data").toString(), "--analysis-heap", "256m");

      assertThat(run.thrown()).isNull();
      assertThat(run.exitCode()).isEqualTo(Heaplens.EXIT_BAD_INPUT);
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.err()).startsWith("heaplens serve: cannot start on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void retentionsAreDaysHoursMinutesOrSeconds() {
    assertThat(ServeCommand.duration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(ServeCommand.duration("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(ServeCommand.duration("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ServeCommand.duration("45S")).isEqualTo(Duration.ofSeconds(45));
  }
}

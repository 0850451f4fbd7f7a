package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer meets first: the top-level help and {@code --list-rules}, and output paths that
 * are wrong, which must be reported before an analysis that may take minutes, in one line that
 * names the file once and gives only advice that fits.
 */
class FirstUseTest {
  @TempDir
  Path temp;

  private Path dump;

  @BeforeEach
  void writeDump() throws IOException {
    dump = temp.resolve("good.hprof");
    AnalyzeCommandTest.writeGoodDump(dump);
  }

  @Test
  void theTopLevelHelpSaysThatAnalyzeTakesRecordingsToo() {
    CliRun help = CliRun.of("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("flight recording").contains(".jfr").contains("--list-rules");
  }

  @Test
  void listRulesWorksAtTheTopLevel() {
    CliRun topLevel = CliRun.of("--list-rules");
    assertThat(topLevel.exitCode()).as(topLevel.err()).isZero();
    assertThat(topLevel.out()).contains("rules (set a threshold with --config").isEqualTo(
        CliRun.of("analyze", "--list-rules").out());
  }

  @Test
  void jsonIntoADirectorySaysItIsADirectoryBeforeAnalyzing() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("reports"));
    CliRun run = CliRun.of("analyze", dump.toString(), "--json", directory.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).as("nothing was analyzed").isEmpty();
    assertThat(run.errLines()).singleElement().asString()
        .isEqualTo("heaplens: --json " + directory + ": is a directory; give the name of a file to write");
  }

  @Test
  void aReportIntoAMissingDirectoryIsRejectedBeforeAnalyzing() {
    Path missing = temp.resolve("no-such-dir").resolve("report.html");
    CliRun run = CliRun.of("analyze", dump.toString(), "-o", missing.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).as("nothing was analyzed").isEmpty();
    String line = run.errLines().get(0);
    assertThat(run.errLines()).hasSize(1);
    assertThat(line).startsWith("heaplens: -o " + missing + ": the directory ").endsWith(" does not exist");
    assertThat(line.split("report.html", -1)).as("the file is named once").hasSize(2);
  }

  @Test
  void jsonToStandardOutputIsNotMistakenForAFile() {
    CliRun run = CliRun.of("analyze", dump.toString(), "--json", "-");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("{");
  }
}

package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./heaplens} launcher script, run by bash in a copy of the checkout with stand-ins for
 * {@code java} and {@code mvn} on the {@code PATH} that print how they were called: it finds its
 * checkout through a symlink, says what a first build does without leaking Maven's escape codes,
 * and starts the JVM with options that keep JVM warnings off standard output.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "heaplens");

  @TempDir
  Path temp;

  private Path checkout;
  private Path fakeBin;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    checkout = Files.createDirectories(temp.resolve("checkout"));
    Files.copy(LAUNCHER, checkout.resolve("heaplens"));
    executable(checkout.resolve("heaplens"));
    Files.createDirectories(checkout.resolve("cli/target"));
    fakeBin = Files.createDirectories(temp.resolve("fake-bin"));
    script(fakeBin.resolve("java"), "echo \"java $*\"");
    // A build that colours its output as Maven 3.8 does in batch mode, then produces the jar.
    script(fakeBin.resolve("mvn"), "printf '\\033[0m\\033[1mbuilding\\033[m\\n'; touch cli/target/heaplens.jar");
  }

  @Test
  void itFindsItsCheckoutThroughASymlink() throws Exception {
    Files.createFile(checkout.resolve("cli/target/heaplens.jar"));
    Path links = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(links.resolve("hl"), checkout.resolve("heaplens"));
    Result result = run(links.resolve("hl"), Map.of(), "analyze", "app.hprof");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("-jar " + checkout.toRealPath().resolve("cli/target/heaplens.jar")
        + " analyze app.hprof");
    assertThat(result.err()).as("no build: the jar is there").isEmpty();
  }

  @Test
  void theFirstBuildSaysWhatItDoesAndLeaksNoEscapeCodes() throws Exception {
    Result result = run(checkout.resolve("heaplens"), Map.of(), "--version");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).contains("heaplens: building").contains("usually").contains("building\n")
        .doesNotContain("\u001b");
    assertThat(result.out()).startsWith("java ");
  }

  @Test
  void aSmallHeapGetsNoYoungGenerationThatCannotFitAndWarningsGoToStandardError() throws Exception {
    Files.createFile(checkout.resolve("cli/target/heaplens.jar"));
    Result small = run(checkout.resolve("heaplens"), Map.of("HEAPLENS_OPTS", "-Xmx32m"), "--version");
    assertThat(small.out()).contains("-Xmx32m").doesNotContain("-Xmn").contains("-Xlog:all=warning:stderr");
    Result large = run(checkout.resolve("heaplens"), Map.of("HEAPLENS_OPTS", "-Xmx2g"), "--version");
    assertThat(large.out()).contains("-Xmn32m").contains("-Xmx2g");
  }

  private record Result(int exit, String out, String err) {}

  private Result run(Path launcher, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
    builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("HEAPLENS_OPTS");
    builder.environment().putAll(environment);
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

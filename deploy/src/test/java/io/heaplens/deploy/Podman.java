package io.heaplens.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs (podman, the build script) for the image tests, with podman configured as
 * deploy/build-image.sh configures it: an empty list of default ulimits, because the defaults of
 * Debian's podman ask for more open files than some hosts allow and then no container starts.
 */
final class Podman {
  private final Path directory;
  private final Path configuration;

  Podman(Path directory) throws IOException {
    this.directory = directory;
    this.configuration = directory.resolve("containers.conf");
    Files.writeString(configuration, "[containers]\ndefault_ulimits = []\n", StandardCharsets.UTF_8);
  }

  /** What a program did. */
  record Result(int exitCode, String out, String err, Duration elapsed) {
    String describe() {
      return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** {@code podman <arguments>}, killed after {@code timeout}. */
  Result podman(Duration timeout, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(arguments));
    return run(command, Map.of(), timeout);
  }

  /**
   * Runs {@code command} to its end or {@code timeout}, output to files (never a pipe that a chatty
   * program could fill), with podman's configuration in the environment.
   */
  Result run(List<String> command, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(directory, "out", ".txt");
    Path err = Files.createTempFile(directory, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("CONTAINERS_CONF", configuration.toString());
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds() + " s;"
          + " stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
  }
}

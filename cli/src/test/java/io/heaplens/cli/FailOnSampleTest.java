package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.samples.Capture;
import io.heaplens.samples.SampleCatalog;
import io.heaplens.samples.SampleRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens analyze <dump> --fail-on high} on a real sample's dumps, with the rule catalog
 * found on the classpath: exit code 1 on the problem run (a java.util.Timer per request, never
 * cancelled), 0 on its healthy twin (one shared cache and timer). The sample runs in a forked JVM
 * with {@link SampleCatalog#MAX_HEAP}.
 */
@Timeout(180)
class FailOnSampleTest {
    private static final String SAMPLE = "per-request-cache";
    private static final String VARIANT = "timer";

    @TempDir
    Path temp;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void antiPatternRunFailsTheBuild() throws Exception {
        Result result = analyze(runSample(false));

        assertThat(result.exitCode()).as("exit code; stdout:%n%s%nstderr:%n%s", result.out(), result.err())
                .isEqualTo(1);
        assertThat(result.out()).contains(SampleCatalog.byId(SAMPLE).expectedRule());
    }

    @Test
    void healthyTwinPasses() throws Exception {
        Result result = analyze(runSample(true));

        assertThat(result.exitCode()).as("exit code; stdout:%n%s%nstderr:%n%s", result.out(), result.err())
                .isZero();
        assertThat(result.out()).doesNotContain(SampleCatalog.byId(SAMPLE).expectedRule());
    }

    private static Result analyze(Path dump) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exitCode = Heaplens.run(new String[] {"analyze", dump.toString(), "--fail-on", "high"}, outStream, errStream);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the sample in its own JVM on this test's classpath and returns its heap dump. */
    private Path runSample(boolean healthy) throws Exception {
        SampleCatalog.Sample sample = SampleCatalog.byId(SAMPLE);
        Path directory = temp.resolve(healthy ? "healthy" : "problem");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), SampleCatalog.MAX_HEAP,
                "-cp", testClasspath(), sample.mainClass().getName(), directory.toString(),
                "--variant", VARIANT, "--no-jfr"));
        if (healthy) {
            command.add("--healthy");
        }
        Path log = temp.resolve((healthy ? "healthy" : "problem") + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(SampleRunner.WATCHDOG_SECONDS + 30, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("the sample finished; output:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("the sample's exit code; output:%n%s", output).isZero();
        Path dump = directory.resolve(Capture.HEAP_DUMP_FILE);
        assertThat(dump).as("the sample's heap dump").isRegularFile();
        return dump;
    }

    /** The classpath of this test JVM: Surefire names it in a property when it runs from a manifest-only jar. */
    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}

package io.heaplens.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs a few representative samples the way the test fixtures will: each in its own JVM with
 * {@link SampleCatalog#MAX_HEAP}, from the catalog, and checks that each ends by itself with a heap
 * dump and a recording. Whether the dumps show the problem is the analyzer's tests' business.
 */
class ForkedSampleRunTest {
    /** Far above the few seconds a sample takes, for a loaded machine; the samples' own watchdog is lower. */
    private static final Duration BOUND = Duration.ofSeconds(SampleRunner.WATCHDOG_SECONDS + 10);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} {1} healthy={2}")
    @CsvSource({
            "paging-accumulation, records, false",
            "per-request-cache, timer, false",
            "buffered-body-download, okhttp, false",
            "buffered-body-download, okhttp, true",
    })
    void sampleEndsByItselfWithAHeapDumpAndARecording(String id, String variant, boolean healthy) throws Exception {
        SampleCatalog.Sample sample = SampleCatalog.byId(id);
        Path directory = temp.resolve(id + "-" + variant + (healthy ? "-healthy" : ""));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), SampleCatalog.MAX_HEAP,
                "-cp", testClasspath(), sample.mainClass().getName(), directory.toString(), "--variant", variant));
        if (healthy) {
            command.add("--healthy");
        }
        Path log = temp.resolve(directory.getFileName() + ".log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("finished within %s; output:%n%s", BOUND, output).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
        System.out.printf("%s %s%s: %d ms%n", id, variant, healthy ? " (healthy)" : "", millis);

        Path heapDump = directory.resolve(Capture.HEAP_DUMP_FILE);
        Path recording = directory.resolve(Capture.RECORDING_FILE);
        assertThat(output).contains("heap-dump: " + heapDump.toAbsolutePath(), "recording: " + recording.toAbsolutePath());
        assertThat(Files.size(heapDump)).isGreaterThan(1 << 20);
        assertThat(startOf(heapDump, 18)).isEqualTo("JAVA PROFILE 1.0.2");
        assertThat(Files.size(recording)).isGreaterThan(1 << 10);
        assertThat(startOf(recording, 3)).isEqualTo("FLR");
    }

    /** The classpath of this test JVM: Surefire names it in a property when it runs from a manifest-only jar. */
    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String startOf(Path file, int bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(bytes), StandardCharsets.US_ASCII);
        }
    }
}

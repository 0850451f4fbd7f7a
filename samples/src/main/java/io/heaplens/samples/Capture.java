package io.heaplens.samples;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Takes a sample's evidence: a flight recording running from the sample's start, and, at the one
 * moment the sample chooses ({@link #now()}), a heap dump of live objects plus a dump of the
 * recording so far.
 *
 * <p>The recording uses JDK's {@code profile} settings, plus what the analysis rules need that
 * {@code profile} leaves out: the creating stack of every started thread, the size and stack of
 * every allocation outside a TLAB (how large buffers are seen), and old-object samples with their
 * full reference chains ({@code cutoff=infinity}), emitted when the recording is dumped.
 */
public final class Capture implements AutoCloseable {
    /** The heap dump's file name inside the output directory. */
    public static final String HEAP_DUMP_FILE = "heap.hprof";
    /** The recording's file name inside the output directory. */
    public static final String RECORDING_FILE = "recording.jfr";

    private final Path directory;
    private final Recording recording;
    // Looked up at start, so that taking the dump creates as few new objects as possible.
    private final HotSpotDiagnosticMXBean diagnostics;
    private boolean taken;

    private Capture(Path directory, Recording recording) {
        this.directory = directory;
        this.recording = recording;
        this.diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    /** Creates {@code directory} and, when {@code recordJfr}, starts the flight recording. */
    public static Capture start(Path directory, boolean recordJfr) throws IOException {
        Files.createDirectories(directory);
        Files.deleteIfExists(directory.resolve(HEAP_DUMP_FILE));
        Files.deleteIfExists(directory.resolve(RECORDING_FILE));
        if (!recordJfr) {
            return new Capture(directory, null);
        }
        Recording recording;
        try {
            recording = new Recording(Configuration.getConfiguration("profile"));
        } catch (ParseException e) {
            throw new IOException("the JDK's 'profile' recording settings cannot be read", e);
        }
        recording.setName("heaplens-sample");
        recording.enable("jdk.ThreadStart").withStackTrace();
        recording.enable("jdk.ThreadEnd");
        recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
        recording.enable("jdk.OldObjectSample").withStackTrace().with("cutoff", "infinity");
        recording.start();
        return new Capture(directory, recording);
    }

    /** Whether {@link #now()} has run. */
    public synchronized boolean taken() {
        return taken;
    }

    /**
     * Dumps the live heap, then the recording so far, and prints one line per file written. Call
     * it exactly once, while the objects and threads the sample is about are alive.
     */
    public synchronized void now() throws IOException {
        if (taken) {
            throw new IllegalStateException("a sample captures once");
        }
        taken = true;
        long started = System.nanoTime();
        Path heapDump = directory.resolve(HEAP_DUMP_FILE);
        diagnostics.dumpHeap(heapDump.toString(), true);
        long dumped = System.nanoTime();
        print("heap-dump", heapDump);
        long recorded = dumped;
        if (recording != null) {
            Path recordingFile = directory.resolve(RECORDING_FILE);
            recording.dump(recordingFile);
            recorded = System.nanoTime();
            print("recording", recordingFile);
        }
        // Timings go to stderr: stdout is one line per file, for whoever runs the sample.
        System.err.printf("capture: heap dump %d ms, recording dump %d ms%n",
                (dumped - started) / 1_000_000, (recorded - dumped) / 1_000_000);
    }

    private static void print(String kind, Path file) throws IOException {
        System.out.println(kind + ": " + file.toAbsolutePath() + " (" + Files.size(file) + " bytes)");
    }

    /** Stops the recording; the files already written stay. */
    @Override
    public void close() {
        if (recording != null) {
            recording.close();
        }
    }
}

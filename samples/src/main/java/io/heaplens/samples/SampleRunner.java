package io.heaplens.samples;

import java.io.PrintStream;

/**
 * The one {@code main} body every sample shares: parse the arguments, start the recording, run the
 * scenario (which calls {@link Capture#now()} at its moment), and exit.
 *
 * <p>It ends the JVM with {@link System#exit}: the problem samples leave non-daemon threads running
 * on purpose (a {@code java.util.Timer}, a never shut down pool), which would otherwise keep the
 * JVM alive. A watchdog halts a sample that is still running after {@value #WATCHDOG_SECONDS} s, so
 * that every sample stops by itself.
 *
 * <p>Exit codes: 0 captured; 1 the scenario failed; 2 wrong arguments; 3 the watchdog fired.
 */
public final class SampleRunner {
    /** How long a sample may run before the watchdog halts it. */
    public static final long WATCHDOG_SECONDS = 50;

    /** What one sample does between the start of the recording and the end. */
    @FunctionalInterface
    public interface Scenario {
        /** Runs the sample as {@code options} say and calls {@code capture.now()} exactly once. */
        void run(SampleOptions options, Capture capture) throws Exception;
    }

    private SampleRunner() {
    }

    /** Runs the catalog's sample {@code sampleId} with the command line {@code args}, then exits. */
    public static void run(String sampleId, String[] args, Scenario scenario) {
        System.exit(execute(SampleCatalog.byId(sampleId), args, scenario, System.err));
    }

    private static int execute(SampleCatalog.Sample sample, String[] args, Scenario scenario, PrintStream log) {
        SampleOptions options;
        try {
            options = SampleOptions.parse(args, sample.variantNames());
        } catch (IllegalArgumentException e) {
            log.println(sample.id() + ": " + e.getMessage());
            return 2;
        }
        if (options.healthy() && !sample.healthyTwin()) {
            log.println(sample.id() + ": has no healthy twin");
            return 2;
        }
        startWatchdog(sample.id());
        long started = System.nanoTime();
        try (Capture capture = Capture.start(options.outputDirectory(), options.recordJfr())) {
            scenario.run(options, capture);
            if (!capture.taken()) {
                log.println(sample.id() + ": the scenario ended without capturing");
                return 1;
            }
        } catch (Exception | Error e) {
            log.println(sample.id() + " (" + options.variant() + (options.healthy() ? ", healthy" : "") + ") failed:");
            e.printStackTrace(log);
            return 1;
        }
        log.printf("%s (%s%s) finished in %d ms%n", sample.id(), options.variant(),
                options.healthy() ? ", healthy" : "", (System.nanoTime() - started) / 1_000_000);
        return 0;
    }

    private static void startWatchdog(String sampleId) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(WATCHDOG_SECONDS * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(sampleId + ": still running after " + WATCHDOG_SECONDS + " s, halting");
            Runtime.getRuntime().halt(3);
        }, "sample-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}

package io.heaplens.rules.corpus;

import io.heaplens.samples.Capture;
import io.heaplens.samples.SampleCatalog;
import io.heaplens.samples.SampleRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs samples in forked JVMs and hands out the heap dumps they write, once per test JVM: a launch
 * (main class, classpath, arguments) is run at most once, and every test asking for it gets the same
 * dump until it is {@linkplain #discard discarded}.
 *
 * <p>Each child runs with {@link SampleCatalog#MAX_HEAP} on the JDK running the tests, with the flight
 * recording unless its arguments say {@code --no-jfr}, its output in files (a chatty child
 * never blocks on a pipe), and is killed after {@link #TIMEOUT}. At most two samples run at a time:
 * one on the calling thread and one {@linkplain #prefetch prefetched} in the background, so that the
 * next sample runs while the test thread analyzes the previous dump. Files go to one temporary
 * directory, deleted when the test JVM exits.
 */
final class SampleDumps {
    /** Above the samples' own watchdog, for a loaded machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(SampleRunner.WATCHDOG_SECONDS + 30);

    /**
     * What to run.
     *
     * @param key       identifies the run in the cache
     * @param mainClass the sample's main class
     * @param classpath the child's classpath
     * @param arguments the command line after the output directory
     */
    record Launch(String key, String mainClass, String classpath, List<String> arguments) {
        Launch {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * What one run left behind.
     *
     * @param heapDump  the dump, {@value Capture#HEAP_DUMP_FILE}
     * @param recording the recording, {@value Capture#RECORDING_FILE}, or null when run with {@code --no-jfr}
     * @param directory the run's directory
     * @param millis    how long the child ran
     * @param output    what the child printed
     */
    record Dump(Path heapDump, Path recording, Path directory, long millis, String output) {
    }

    private static final Map<String, CompletableFuture<Dump>> RUNS = new HashMap<>();
    private static final ExecutorService BACKGROUND = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sample-prefetch");
        thread.setDaemon(true);
        return thread;
    });
    private static Path root;

    private SampleDumps() {
    }

    /** The launch of a catalog run, on the test JVM's classpath. */
    static Launch launchOf(SampleRun run) {
        return new Launch(run.label(), run.sample().mainClass().getName(), testClasspath(), run.arguments());
    }

    /** The dump of {@code run}, running it now unless it ran (or is running) already. */
    static Dump dump(SampleRun run) {
        return dump(launchOf(run));
    }

    /** The dump of {@code launch}, running it now on this thread unless it ran or is running already. */
    static Dump dump(Launch launch) {
        CompletableFuture<Dump> future;
        boolean runHere = false;
        synchronized (RUNS) {
            future = RUNS.get(launch.key());
            if (future == null) {
                future = new CompletableFuture<>();
                RUNS.put(launch.key(), future);
                runHere = true;
            }
        }
        if (runHere) {
            complete(future, launch);
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Queues these runs in the background, one at a time, in order; runs already known are skipped. */
    static void prefetch(List<Launch> launches) {
        synchronized (RUNS) {
            for (Launch launch : launches) {
                if (!RUNS.containsKey(launch.key())) {
                    CompletableFuture<Dump> future = new CompletableFuture<>();
                    RUNS.put(launch.key(), future);
                    BACKGROUND.execute(() -> complete(future, launch));
                }
            }
        }
    }

    /** Deletes the run's files (once it has finished); a later {@link #dump} runs it again. */
    static void discard(String key) {
        CompletableFuture<Dump> future;
        synchronized (RUNS) {
            future = RUNS.remove(key);
        }
        if (future != null) {
            try {
                deleteTree(future.join().directory());
            } catch (CompletionException e) {
                // it failed: nothing to delete beyond what the failure message names
            }
        }
    }

    /** The classpath of this test JVM: Surefire names it in a property when it runs from a manifest-only jar. */
    static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static void complete(CompletableFuture<Dump> future, Launch launch) {
        try {
            future.complete(run(launch));
        } catch (Throwable e) {
            future.completeExceptionally(e);
        }
    }

    private static Dump run(Launch launch) {
        try {
            Path directory = Files.createTempDirectory(root(), launch.key().replaceAll("[^A-Za-z0-9._-]", "_") + "-");
            Path outDir = directory.resolve("out");
            Path log = directory.resolve("sample.log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), SampleCatalog.MAX_HEAP,
                    "-cp", launch.classpath(), launch.mainClass(), outDir.toString()));
            command.addAll(launch.arguments());
            long started = System.nanoTime();
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = child.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly().waitFor();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished || child.exitValue() != 0) {
                String what = finished ? "exited with " + child.exitValue() : "was killed after " + TIMEOUT.toSeconds() + " s";
                throw new IllegalStateException("sample " + launch.key() + " (" + launch.mainClass() + ") " + what
                        + "\narguments: " + launch.arguments() + "\noutput:\n" + output);
            }
            Path heapDump = outDir.resolve(Capture.HEAP_DUMP_FILE);
            if (!Files.isRegularFile(heapDump) || Files.size(heapDump) == 0) {
                throw new IllegalStateException("sample " + launch.key() + " exited normally but wrote no " + heapDump
                        + "\noutput:\n" + output);
            }
            Path recording = outDir.resolve(Capture.RECORDING_FILE);
            return new Dump(heapDump, Files.isRegularFile(recording) ? recording : null, directory, millis, output);
        } catch (IOException e) {
            throw new UncheckedIOException("running sample " + launch.key(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running sample " + launch.key(), e);
        }
    }

    private static synchronized Path root() throws IOException {
        if (root == null) {
            root = Files.createTempDirectory("heaplens-corpus-");
            Path created = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    deleteTree(created);
                } catch (UncheckedIOException e) {
                    System.err.println("could not delete " + created + ": " + e.getMessage());
                }
            }, "corpus-cleanup"));
        }
        return root;
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + directory, e);
        }
    }
}

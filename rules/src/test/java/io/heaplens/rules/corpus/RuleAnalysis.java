package io.heaplens.rules.corpus;

import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.RuleResults;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Every rule the {@link RuleEngine} discovers with ServiceLoader, run on sample dumps with the
 * default thresholds. A catalog run is analyzed once per test JVM; its dump is deleted afterwards.
 */
final class RuleAnalysis {
    /**
     * The rules' results on one sample run.
     *
     * @param results        the findings, errors and rule runs
     * @param sampleMillis   how long the sample ran
     * @param analysisMillis how long indexing the dump and running the rules took
     */
    record Analysis(RuleResults results, long sampleMillis, long analysisMillis) {
    }

    private static final Map<String, Analysis> ANALYSES = new HashMap<>();
    private static RuleEngine engine;

    private RuleAnalysis() {
    }

    /** The engine over every rule on the test classpath. */
    static synchronized RuleEngine engine() {
        if (engine == null) {
            engine = RuleEngine.discover(RuleAnalysis.class.getClassLoader());
        }
        return engine;
    }

    /** The results of every rule on {@code run}'s dump, running the sample if it has not run yet. */
    static synchronized Analysis of(SampleRun run) {
        Analysis cached = ANALYSES.get(run.label());
        if (cached != null) {
            return cached;
        }
        SampleDumps.Dump dump = SampleDumps.dump(run);
        long started = System.nanoTime();
        RuleResults results = analyze(dump.heapDump());
        Analysis analysis = new Analysis(results, dump.millis(), (System.nanoTime() - started) / 1_000_000);
        ANALYSES.put(run.label(), analysis);
        SampleDumps.discard(run.label());
        System.out.printf("corpus %-48s sample %5.1f s, analysis %5.1f s, %d findings, %d rule errors%n",
                run.label(), analysis.sampleMillis() / 1000.0, analysis.analysisMillis() / 1000.0,
                results.findings().size(), results.errors().size());
        return analysis;
    }

    /** Every rule on the dump at {@code heapDump}. */
    static RuleResults analyze(Path heapDump) {
        try (HeapGraph heap = HprofReader.open(heapDump, ReadOptions.defaults())) {
            return engine().run(heap, RuleConfig.none());
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing " + heapDump, e);
        } catch (HprofFormatException e) {
            throw new IllegalStateException("the sample's dump cannot be read: " + heapDump, e);
        }
    }
}

package io.heaplens.rules.corpus;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.Analyzer;
import io.heaplens.analysis.Inputs;
import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.RuleResults;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ProgressListener;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.jfr.JmcRules;
import io.heaplens.jfr.Recording;
import io.heaplens.jfr.RecordingFormatException;
import io.heaplens.jfr.RecordingOptions;
import io.heaplens.jfr.RecordingReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Every rule the {@link RuleEngine} discovers with ServiceLoader, run with the default thresholds on
 * each sample run three ways: its heap dump alone, its recording alone, and both together, the last
 * as the whole {@link Analyzer} does it, for the report model. A catalog run is analyzed once per test
 * JVM; its files are deleted afterwards. JDK Mission Control's rules are not run: the corpus checks
 * heaplens' own, and their results depend on a time budget.
 */
final class RuleAnalysis {
    /**
     * The rules' results on one sample run.
     *
     * @param results          the findings, errors and rule runs on the heap dump alone
     * @param recordingResults the same on the recording alone
     * @param report           the whole analysis of both, as the command line makes it
     * @param sampleMillis     how long the sample ran
     * @param analysisMillis   how long reading both files and the three analyses took
     */
    record Analysis(RuleResults results, RuleResults recordingResults, AnalysisReport report,
                    long sampleMillis, long analysisMillis) {

        /** The findings, errors and rule runs on both. */
        RuleResults joinedResults() {
            return new RuleResults(report.findings(), report.ruleErrors(), report.ruleRuns());
        }
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
        if (dump.recording() == null) {
            throw new IllegalStateException(run + " wrote no recording; output:\n" + dump.output());
        }
        long started = System.nanoTime();
        Analysis analysis;
        RecordingOptions recordingOptions = new RecordingOptions(false, JmcRules.NONE, Duration.ZERO);
        try {
            RuleResults dumpResults;
            try (HeapGraph heap = HprofReader.open(dump.heapDump(), ReadOptions.defaults())) {
                dumpResults = engine().run(heap, RuleConfig.none());
            }
            Recording recording = RecordingReader.read(dump.recording(), recordingOptions);
            RuleResults recordingResults = engine().run(new RuleContext(null, recording, Map.of()), ProgressListener.NONE);
            AnalysisReport report = new Analyzer(engine(), RuleConfig.none(), "corpus")
                    .analyze(new Inputs(dump.heapDump(), dump.recording()), ReadOptions.defaults(), recordingOptions);
            analysis = new Analysis(dumpResults, recordingResults, report, dump.millis(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing " + run, e);
        } catch (HprofFormatException | RecordingFormatException e) {
            throw new IllegalStateException("the sample's dump or recording cannot be read: " + run, e);
        }
        RuleResults results = analysis.results();
        ANALYSES.put(run.label(), analysis);
        SampleDumps.discard(run.label());
        System.out.printf("corpus %-48s sample %5.1f s, analysis %5.1f s, %d/%d/%d findings (dump/recording/both)%n",
                run.label(), analysis.sampleMillis() / 1000.0, analysis.analysisMillis() / 1000.0,
                results.findings().size(), analysis.recordingResults().findings().size(),
                analysis.joinedResults().findings().size());
        return analysis;
    }
}

package io.heaplens.rules.corpus;

import io.heaplens.samples.SampleCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a catalog sample: which sample, which variant, the problem run or its healthy twin.
 *
 * @param sample  the catalog entry
 * @param variant the variant run
 * @param healthy whether this is the healthy twin
 */
record SampleRun(SampleCatalog.Sample sample, SampleCatalog.Variant variant, boolean healthy) {

    /** Every problem run and every healthy twin of the catalog, problem run first, in catalog order. */
    static List<SampleRun> all() {
        List<SampleRun> runs = new ArrayList<>();
        for (SampleCatalog.Sample sample : SampleCatalog.all()) {
            for (SampleCatalog.Variant variant : sample.variants()) {
                runs.add(new SampleRun(sample, variant, false));
                if (sample.healthyTwin()) {
                    runs.add(new SampleRun(sample, variant, true));
                }
            }
        }
        return runs;
    }

    /** The run of {@code sampleId}'s {@code variant}. */
    static SampleRun of(String sampleId, String variant, boolean healthy) {
        SampleCatalog.Sample sample = SampleCatalog.byId(sampleId);
        return new SampleRun(sample, sample.variant(variant), healthy);
    }

    /** {@code per-request-cache/timer} or {@code per-request-cache/timer-healthy}. */
    String label() {
        return sample.id() + "/" + fileStem();
    }

    /** {@code timer} or {@code timer-healthy}. */
    String fileStem() {
        return variant.name() + (healthy ? "-healthy" : "");
    }

    /** The golden file's path under the test resources: {@code golden/<sample-id>/<variant>[-healthy].json}. */
    String goldenResource() {
        return "golden/" + sample.id() + "/" + fileStem() + ".json";
    }

    /**
     * The report golden file's path under the test resources: {@code golden/<sample-id>/<variant>[-healthy].report.json}.
     */
    String reportGoldenResource() {
        return "golden/" + sample.id() + "/" + fileStem() + ".report.json";
    }

    /** The sample's command line after the output directory: a heap dump and a recording. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>(List.of("--variant", variant.name()));
        if (healthy) {
            arguments.add("--healthy");
        }
        return arguments;
    }

    @Override
    public String toString() {
        return label();
    }
}

package io.heaplens.samples;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line every sample accepts: {@code <outputDir> [--healthy] [--variant NAME] [--no-jfr]}.
 *
 * @param outputDirectory where {@value Capture#HEAP_DUMP_FILE} and {@value Capture#RECORDING_FILE} go
 * @param healthy         run the healthy twin: the same work done correctly
 * @param variant         which shape of the problem to run; the sample's first variant when not given
 * @param recordJfr       whether to record a flight recording next to the heap dump
 */
public record SampleOptions(Path outputDirectory, boolean healthy, String variant, boolean recordJfr) {
    /** The usage line printed when the arguments are wrong. */
    public static final String USAGE = "<outputDir> [--healthy] [--variant NAME] [--no-jfr]";

    /**
     * Parses {@code args}; {@code variants} are the names this sample knows, the first being the default.
     *
     * @throws IllegalArgumentException naming the usage and the known variants when the arguments are wrong
     */
    public static SampleOptions parse(String[] args, List<String> variants) {
        Path output = null;
        boolean healthy = false;
        boolean jfr = true;
        String variant = variants.get(0);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--healthy" -> healthy = true;
                case "--no-jfr" -> jfr = false;
                case "--variant" -> {
                    if (i + 1 >= args.length) {
                        throw usage("--variant needs a name", variants);
                    }
                    variant = args[++i];
                    if (!variants.contains(variant)) {
                        throw usage("unknown variant '" + variant + "'", variants);
                    }
                }
                default -> {
                    if (arg.startsWith("--") || output != null) {
                        throw usage("unexpected argument '" + arg + "'", variants);
                    }
                    output = Path.of(arg);
                }
            }
        }
        if (output == null) {
            throw usage("no output directory", variants);
        }
        return new SampleOptions(output, healthy, variant, jfr);
    }

    private static IllegalArgumentException usage(String problem, List<String> variants) {
        return new IllegalArgumentException(problem + "; arguments: " + USAGE + "; variants: " + String.join(", ", variants));
    }
}

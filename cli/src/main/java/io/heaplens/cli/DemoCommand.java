package io.heaplens.cli;

import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.samples.Capture;
import io.heaplens.samples.SampleCatalog;
import io.heaplens.samples.SampleCatalog.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code heaplens demo}: runs one of the bundled sample services (a real anti-pattern on loopback)
 * in its own JVM until the problem is visible, captures its heap dump and its flight recording,
 * analyzes both together and writes the HTML report and the JSON next to them.
 */
final class DemoCommand {
  private static final CommandUsage USAGE = new CommandUsage("demo", "heaplens demo [options]",
      "Run a bundled sample service, capture its heap dump and flight recording, and analyze both.", "");

  /** The sample the demo runs unless told otherwise: per-request caches with a timer thread each. */
  static final String DEFAULT_SAMPLE = "per-request-cache";
  private static final long SAMPLE_TIMEOUT_SECONDS = 120;

  private final PrintStream out;
  private final PrintStream err;
  private final Supplier<RuleEngine> rules;

  DemoCommand(PrintStream out, PrintStream err, Supplier<RuleEngine> rules) {
    this.out = out;
    this.err = err;
    this.rules = rules;
  }

  static Options options() {
    Options options = new Options();
    options.addOption(Option.builder().longOpt("sample").hasArg().argName("id")
        .desc("which bundled sample to run (default " + DEFAULT_SAMPLE + "); --list shows them").build());
    options.addOption(Option.builder().longOpt("variant").hasArg().argName("name")
        .desc("the sample's variant (default: its first)").build());
    options.addOption(Option.builder().longOpt("healthy")
        .desc("run the sample's healthy twin: the same work done right").build());
    options.addOption(Option.builder().longOpt("out").hasArg().argName("dir")
        .desc("where the dump, the recording and the analysis go (default ./heaplens-demo)").build());
    options.addOption(Option.builder().longOpt("list").desc("list the bundled samples").build());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return options;
  }

  int run(String[] args) {
    CommandUsage.Parsed parsed = USAGE.parse(options(), args, out, err);
    if (parsed.line() == null) {
      return parsed.exitCode();
    }
    CommandLine line = parsed.line();
    if (line.hasOption("list")) {
      for (Sample sample : SampleCatalog.all()) {
        out.printf("%-28s %s (variants: %s)%n", sample.id(), sample.description(),
            String.join(", ", sample.variantNames()));
      }
      return Heaplens.EXIT_OK;
    }
    Sample sample;
    String variant;
    try {
      sample = SampleCatalog.byId(line.getOptionValue("sample", DEFAULT_SAMPLE));
      variant = line.getOptionValue("variant", sample.variantNames().get(0));
      sample.variant(variant);
    } catch (NoSuchElementException e) {
      err.println("heaplens demo: " + e.getMessage() + "; heaplens demo --list shows the samples");
      return Heaplens.EXIT_BAD_INPUT;
    }
    Path directory = Path.of(line.getOptionValue("out", "heaplens-demo")).toAbsolutePath();
    try {
      Files.createDirectories(directory);
      err.printf("heaplens demo: running sample %s (%s%s) in its own JVM...%n", sample.id(), variant,
          line.hasOption("healthy") ? ", healthy twin" : "");
      int exit = runSample(sample, variant, line.hasOption("healthy"), directory);
      if (exit != 0) {
        err.println("heaplens demo: the sample exited with code " + exit + "; see its output above");
        return Heaplens.EXIT_INTERNAL;
      }
    } catch (IOException e) {
      err.println("heaplens demo: cannot run the sample in " + directory + ": " + e.getMessage());
      return Heaplens.EXIT_INTERNAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Heaplens.EXIT_INTERNAL;
    }
    Path dump = directory.resolve(Capture.HEAP_DUMP_FILE);
    Path recording = directory.resolve(Capture.RECORDING_FILE);
    return new AnalyzeCommand(out, err, rules).run(new String[] {
        dump.toString(), recording.toString(), "--json", directory.resolve("analysis.json").toString(),
        "-o", directory.resolve("report.html").toString()});
  }

  private int runSample(Sample sample, String variant, boolean healthy, Path directory)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), SampleCatalog.MAX_HEAP,
        "-cp", System.getProperty("java.class.path"), sample.mainClass().getName(),
        directory.toString(), "--variant", variant));
    if (healthy) {
      command.add("--healthy");
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    // The sample's own output goes to stderr, keeping stdout for the analysis.
    Thread copier = new Thread(() -> {
      try {
        process.getInputStream().transferTo(err);
      } catch (IOException e) {
        err.println("heaplens demo: lost the sample's output: " + e.getMessage());
      }
    }, "heaplens-demo-output");
    copier.setDaemon(true);
    copier.start();
    if (!process.waitFor(SAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("the sample did not finish within " + SAMPLE_TIMEOUT_SECONDS + " s");
    }
    copier.join(TimeUnit.SECONDS.toMillis(5));
    return process.exitValue();
  }
}

package io.heaplens.cli;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.Analyzer;
import io.heaplens.analysis.Inputs;
import io.heaplens.analysis.Printable;
import io.heaplens.analysis.ReportJson;
import io.heaplens.html.HtmlReport;
import io.heaplens.analysis.ReportText;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleConfigException;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.RuleError;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.batch.ChildProtocol;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.IndexCache;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.jfr.JmcRules;
import io.heaplens.jfr.RecordingFormatException;
import io.heaplens.jfr.RecordingOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code heaplens analyze <dump> [<recording>]}: index the dump, load the recording, run the rules,
 * print the findings and the summaries, optionally write JSON and HTML; the exit code tells whether a finding reached {@code --fail-on}.
 */
final class AnalyzeCommand {
  private static final CommandUsage USAGE = new CommandUsage("analyze",
      "heaplens analyze <dump.hprof> [<recording.jfr>] [options]",
      "Index a heap dump (.hprof or .hprof.gz) and/or load a flight recording (.jfr, plain or"
          + " gzip), in any order (told apart by content), check them for known anti-patterns and"
          + " print the findings, worst first, then what holds the memory and what the recording"
          + " shows.",
      "Exit codes: 0 done (no finding reached --fail-on), 1 a finding reached --fail-on,"
          + " 2 bad input, options or config, 3 internal failure.");

  private static final String FAIL_ON_VALUES = "critical, high, medium, low, info or none";
  private static final String LIST_RULES_HINT = "; heaplens analyze --list-rules shows the rules and"
      + " their thresholds";

  private final PrintStream out;
  private final PrintStream err;
  private final Supplier<RuleEngine> rules;

  /**
   * @param rules gives the rule engine; asked once per run, after the options were checked
   */
  AnalyzeCommand(PrintStream out, PrintStream err, Supplier<RuleEngine> rules) {
    this.out = out;
    this.err = err;
    this.rules = rules;
  }

  static Options options() {
    Options options = new Options();
    options.addOption(Option.builder("o").longOpt("output").hasArg().argName("report.html")
        .desc("also write the HTML report: one self-contained file that opens offline").build());
    options.addOption(Option.builder().longOpt("json").hasArg().argName("file")
        .desc("also write the analysis as JSON to <file> (schema in the README); with - write only"
            + " the JSON, to standard output").build());
    options.addOption(Option.builder().longOpt("fail-on").hasArg().argName("severity")
        .desc("exit with code 1 when a finding is at least this severe: " + FAIL_ON_VALUES
            + " (default none: the exit code does not depend on findings)").build());
    options.addOption(Option.builder().longOpt("config").hasArg().argName("file")
        .desc("set rule thresholds from a properties file with lines <ruleId>.<threshold>=<number>,"
            + " e.g. http.unclosed-client.minClients=20; an unknown rule or threshold is an error")
        .build());
    options.addOption(Option.builder().longOpt("rules").hasArg().argName("ids")
        .desc("run only these rules (ids separated by commas)").build());
    options.addOption(Option.builder().longOpt("list-rules")
        .desc("list the rules with their thresholds and defaults, then exit").build());
    options.addOption(Option.builder().longOpt("summary")
        .desc("print only the verdict and one line per finding (for CI logs) instead of the findings"
            + " in full and the summaries")
        .build());
    options.addOption(Option.builder().longOpt("redact")
        .desc("for reports that leave the team: replace text from the dump and the recording (string"
            + " values, error messages, JVM arguments) with its length and a short hash in the text,"
            + " JSON and HTML; class, method and thread names stay")
        .build());
    options.addOption(Option.builder().longOpt("lenient")
        .desc("analyze what was read of a truncated dump or recording (its complete chunks) instead"
            + " of failing (the output says so)")
        .build());
    options.addOption(Option.builder().longOpt("jmc-rules").hasArg().argName("which")
        .desc("which of JDK Mission Control's own rules run on a recording: default (those that fit"
            + " in a few seconds on large recordings), all (every rule, however long), or none")
        .build());
    options.addOption(Option.builder().longOpt("progress")
        .desc("show progress on stderr even when it is not a terminal").build());
    options.addOption(Option.builder().longOpt("no-progress")
        .desc("never show progress").build());
    options.addOption(Option.builder().longOpt("temp-dir").hasArg().argName("dir")
        .desc("where the index file is written, and a gzip-compressed dump decompressed (default:"
            + " the system temp directory)")
        .build());
    options.addOption(Option.builder().longOpt("index-dir").hasArg().argName("dir")
        .desc("where the index of each analyzed dump is kept, so that the next analysis of the same"
            + " dump (same size, modification time, first and last megabyte) skips parsing"
            + " (default: $XDG_CACHE_HOME/heaplens, or ~/.cache/heaplens)")
        .build());
    options.addOption(Option.builder().longOpt("index-cache-max").hasArg().argName("size")
        .desc("the most the index directory may hold, e.g. 20g or 500m; the least recently used"
            + " indexes are deleted beyond it (default: 20g, or a quarter of the disk's free space"
            + " if that is less)")
        .build());
    options.addOption(Option.builder().longOpt("no-index-cache")
        .desc("neither use nor keep an index: parse the dump, and write nothing outside --temp-dir")
        .build());
    options.addOption(Option.builder().longOpt(ChildProtocol.OPTION)
        .desc("run as the child of heaplens scan or serve: progress as tab-separated lines on stderr"
            + " (heaplens-progress, phase, percent), and exit as soon as standard input closes")
        .build());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return options;
  }

  /** An I/O failure in words, without the exception's class name. */
  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file " + e.getMessage();
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied on " + e.getMessage();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  int run(String[] args) {
    CommandUsage.Parsed parsed = USAGE.parse(options(), args, out, err);
    if (parsed.line() == null) {
      return parsed.exitCode();
    }
    CommandLine line = parsed.line();
    if (line.hasOption("list-rules")) {
      listRules(rules.get());
      return Heaplens.EXIT_OK;
    }
    if (line.getArgList().isEmpty() || line.getArgList().size() > 2) {
      return USAGE.error(err, "give a heap dump, a recording, or one of each (in any order)");
    }
    JmcRules jmcRules;
    try {
      jmcRules = JmcRules.valueOf(line.getOptionValue("jmc-rules", "default").trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, "--jmc-rules must be default, all or none, not '"
          + Printable.escape(line.getOptionValue("jmc-rules")) + "'");
    }
    Severity failOn;
    try {
      failOn = failOn(line.getOptionValue("fail-on", "none"));
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, "--fail-on must be one of " + FAIL_ON_VALUES + ", not '"
          + Printable.escape(line.getOptionValue("fail-on")) + "'");
    }
    long indexCacheMax = -1;
    try {
      if (line.hasOption("index-cache-max")) {
        indexCacheMax = ByteSize.parse(line.getOptionValue("index-cache-max"));
      }
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, "--index-cache-max must be a size such as 20g or 500m, not '"
          + Printable.escape(line.getOptionValue("index-cache-max")) + "'");
    }
    boolean jsonOnly = "-".equals(line.getOptionValue("json"));
    for (String option : new String[] {"json", "output"}) {
      String target = line.getOptionValue(option);
      String problem = target == null || target.equals("-") && option.equals("json") ? null
          : OutputPaths.problem(option.equals("json") ? "--json" : "-o", Path.of(target));
      if (problem != null) {
        err.println("heaplens: " + problem);
        return Heaplens.EXIT_BAD_INPUT;
      }
    }

    // Everything the user can get wrong is checked before indexing, which may take minutes.
    RuleEngine engine = rules.get();
    RuleConfig config = RuleConfig.none();
    try {
      if (line.hasOption("rules")) {
        engine = engine.select(Arrays.asList(line.getOptionValue("rules").split(",")));
      }
    } catch (RuleConfigException e) {
      err.println("heaplens: --rules: " + e.getMessage() + LIST_RULES_HINT);
      return Heaplens.EXIT_BAD_INPUT;
    }
    if (line.hasOption("config")) {
      Path file = Path.of(line.getOptionValue("config"));
      try {
        config = engine.loadConfig(file);
      } catch (RuleConfigException e) {
        err.println("heaplens: config " + e.getMessage() + LIST_RULES_HINT);
        return Heaplens.EXIT_BAD_INPUT;
      } catch (NoSuchFileException e) {
        err.println("heaplens: the config file " + Printable.escape(file.toString()) + " does not exist");
        return Heaplens.EXIT_BAD_INPUT;
      } catch (IOException e) {
        err.println("heaplens: cannot read the config file " + Printable.escape(file.toString()) + ": "
            + Printable.escape(describe(e)));
        return Heaplens.EXIT_BAD_INPUT;
      }
    }

    Inputs inputs;
    try {
      inputs = Inputs.detect(line.getArgList().stream().map(Path::of).toList());
    } catch (Inputs.InputException e) {
      err.println("heaplens: " + Printable.escape(e.getMessage()));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("heaplens: cannot read " + Printable.escape(String.join(", ", line.getArgList())) + ": "
          + Printable.escape(describe(e)));
      return Heaplens.EXIT_BAD_INPUT;
    }
    boolean showProgress = !line.hasOption("no-progress")
        && (line.hasOption("progress") || System.console() != null);
    ReadOptions options = ReadOptions.defaults().withLenient(line.hasOption("lenient"));
    RecordingOptions recordingOptions = new RecordingOptions(line.hasOption("lenient"), jmcRules,
        RecordingOptions.defaults().jmcRuleBudget());
    if (line.hasOption("temp-dir")) {
      options = options.withTempDirectory(Path.of(line.getOptionValue("temp-dir")));
    }
    if (!line.hasOption("no-index-cache")) {
      Path directory = line.hasOption("index-dir") ? Path.of(line.getOptionValue("index-dir"))
          : IndexCache.defaultDirectory();
      try {
        long max = indexCacheMax >= 0 ? indexCacheMax : IndexCache.defaultMaxBytes(directory);
        options = options.withIndexCache(IndexCache.at(directory, max));
      } catch (IOException e) {
        err.println("heaplens: cannot read the free space of the index directory "
            + Printable.escape(directory.toString()) + ": " + Printable.escape(describe(e)));
        return Heaplens.EXIT_BAD_INPUT;
      }
    }
    boolean asChild = line.hasOption(ChildProtocol.OPTION);
    if (asChild) {
      ChildProtocol.exitWhenParentDies(System.in);
      options = options.withProgress(ChildProtocol.progressWriter(err));
    }
    try (ConsoleProgress progress = showProgress && !asChild ? new ConsoleProgress(err) : null) {
      if (progress != null) {
        options = options.withProgress(progress);
      }
      AnalysisReport report = new Analyzer(engine, config, Version.get(), line.hasOption("redact"))
          .analyze(inputs, options, recordingOptions);
      if (progress != null) {
        progress.close();
      }
      if (!jsonOnly) {
        out.print(line.hasOption("summary") ? ReportText.summary(report) : ReportText.render(report));
      }
      if (line.hasOption("json")) {
        int written = writeJson(report, line.getOptionValue("json"));
        if (written != Heaplens.EXIT_OK) {
          return written;
        }
      }
      if (line.hasOption("output")) {
        int written = writeHtml(report, Path.of(line.getOptionValue("output")), jsonOnly ? err : out);
        if (written != Heaplens.EXIT_OK) {
          return written;
        }
      }
      if (failOn != null && report.hasFindingAtLeast(failOn)) {
        Finding worst = report.findings().get(0);
        int tripping = report.findingsAtLeast(failOn).size();
        err.println("heaplens: --fail-on " + failOn.label() + ": " + Printable.escape(worst.ruleId()) + " is "
            + worst.severity().label() + (tripping > 1 ? " (and " + (tripping - 1) + " more at " + failOn.label()
            + " or above)" : "") + ": " + Printable.escape(worst.claim()));
        return Heaplens.EXIT_FINDINGS;
      }
      return Heaplens.EXIT_OK;
    } catch (HprofFormatException e) {
      err.println("heaplens: " + Printable.escape(inputs.heapDump() + ": " + e.getMessage()));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (RecordingFormatException e) {
      err.println("heaplens: " + Printable.escape(inputs.recording() + ": " + e.getMessage()));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("heaplens: cannot read " + Printable.escape(names(inputs) + ": " + describe(e)));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (RuntimeException e) {
      err.println("heaplens: internal error while analyzing " + Printable.escape(names(inputs) + ": " + e)
          + "; please report it with the first lines of output");
      return Heaplens.EXIT_INTERNAL;
    } catch (OutOfMemoryError e) {
      err.println("heaplens: ran out of Java heap while analyzing " + Printable.escape(names(inputs))
          + "; give it more with HEAPLENS_OPTS=-Xmx<size> (for example -Xmx4g)");
      return Heaplens.EXIT_INTERNAL;
    }
  }

  private static String names(Inputs inputs) {
    if (inputs.heapDump() == null || inputs.recording() == null) {
      return String.valueOf(inputs.heapDump() != null ? inputs.heapDump() : inputs.recording());
    }
    return inputs.heapDump() + " and " + inputs.recording();
  }

  /** The severity for {@code --fail-on}, or null for none. */
  private static Severity failOn(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    return name.equals("none") ? null : Severity.parse(name);
  }

  /** Writes the JSON to a file or, for "-", to standard output; the exit code so far. */
  private int writeJson(AnalysisReport report, String target) {
    if (target.equals("-")) {
      try {
        ReportJson.write(report, out);
        out.println();
        return Heaplens.EXIT_OK;
      } catch (IOException e) {
        err.println("heaplens: cannot write the JSON to standard output: " + describe(e));
        return Heaplens.EXIT_BAD_INPUT;
      }
    }
    Path json = Path.of(target);
    try (OutputStream stream = Files.newOutputStream(json)) {
      ReportJson.write(report, stream);
    } catch (IOException e) {
      err.println("heaplens: cannot write the JSON to " + Printable.escape(json.toString()) + ": "
          + Printable.escape(OutputPaths.writeFailure(e)));
      return Heaplens.EXIT_BAD_INPUT;
    }
    out.println();
    out.println("JSON written to " + json);
    return Heaplens.EXIT_OK;
  }

  /** Writes the HTML report; the exit code so far. */
  private int writeHtml(AnalysisReport report, Path html, PrintStream messages) {
    try {
      HtmlReport.write(report, html);
    } catch (IOException e) {
      err.println("heaplens: cannot write the report to " + Printable.escape(html.toString()) + ": "
          + Printable.escape(OutputPaths.writeFailure(e)));
      return Heaplens.EXIT_BAD_INPUT;
    }
    messages.println("Report written to " + html.toAbsolutePath());
    return Heaplens.EXIT_OK;
  }


  /** The catalog, for writing a config file: each rule with its thresholds and their defaults. */
  private void listRules(RuleEngine engine) {
    out.printf(Locale.ROOT, "%d rules (set a threshold with --config: <ruleId>.<threshold>=<number>)%n",
        engine.rules().size());
    for (Rule rule : engine.rules()) {
      out.printf(Locale.ROOT, "%n%s  %s%n", rule.id(), Printable.escape(rule.title()));
      for (Threshold threshold : rule.thresholds()) {
        out.printf(Locale.ROOT, "    %s = %s  %s%n", threshold.name(), number(threshold.defaultValue()),
            Printable.escape(threshold.description()));
      }
    }
    for (RuleError error : engine.loadErrors()) {
      out.printf(Locale.ROOT, "%nnot loaded: %s: %s%n", Printable.escape(error.ruleId()),
          Printable.escape(error.message()));
    }
  }

  /** 20 rather than 20.0; 0.25 as is. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value) : String.valueOf(value);
  }
}

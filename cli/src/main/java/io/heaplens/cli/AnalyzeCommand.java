package io.heaplens.cli;

import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.HeapSummary;
import io.heaplens.analysis.SummaryJson;
import io.heaplens.analysis.SummaryText;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code heaplens analyze <dump>}: index the dump, print the summary, optionally write JSON. */
final class AnalyzeCommand {
  private final PrintStream out;
  private final PrintStream err;

  AnalyzeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static Options options() {
    Options options = new Options();
    options.addOption(Option.builder().longOpt("json").hasArg().argName("file")
        .desc("also write the analysis as JSON to <file> (schema in the README)").build());
    options.addOption(Option.builder().longOpt("lenient")
        .desc("analyze what was read of a truncated dump instead of failing (the output says so)")
        .build());
    options.addOption(Option.builder().longOpt("progress")
        .desc("show progress on stderr even when it is not a terminal").build());
    options.addOption(Option.builder().longOpt("no-progress")
        .desc("never show progress").build());
    options.addOption(Option.builder().longOpt("temp-dir").hasArg().argName("dir")
        .desc("where a gzip-compressed dump is decompressed (default: the system temp directory)")
        .build());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return options;
  }

  /** An I/O failure in words, without the exception's class name. */
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file " + e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied on " + e.getMessage();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  int run(String[] args) {
    CommandLine line;
    try {
      line = new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      err.println("heaplens analyze: " + e.getMessage() + "; run heaplens analyze --help");
      return Heaplens.EXIT_BAD_INPUT;
    }
    if (line.hasOption("help")) {
      new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 100,
          "heaplens analyze <dump> [options]", "Index a heap dump and print what holds the memory.",
          options(), 2, 2, "Exit codes: 0 done, 2 bad input, 3 internal failure.");
      return Heaplens.EXIT_OK;
    }
    if (line.getArgList().size() != 1) {
      err.println("heaplens analyze: give exactly one dump file; run heaplens analyze --help");
      return Heaplens.EXIT_BAD_INPUT;
    }
    Path dump = Path.of(line.getArgList().get(0));
    boolean showProgress = !line.hasOption("no-progress")
        && (line.hasOption("progress") || System.console() != null);
    ReadOptions options = ReadOptions.defaults().withLenient(line.hasOption("lenient"));
    if (line.hasOption("temp-dir")) {
      options = new ReadOptions(options.lenient(), options.progress(), Path.of(line.getOptionValue("temp-dir")));
    }
    try (ConsoleProgress progress = showProgress ? new ConsoleProgress(err) : null) {
      if (progress != null) {
        options = options.withProgress(progress);
      }
      HeapSummary summary;
      try (HeapGraph graph = HprofReader.open(dump, options)) {
        summary = HeapSummarizer.summarize(graph, dump.toString());
      }
      if (progress != null) {
        progress.close();
      }
      out.print(SummaryText.render(summary));
      if (line.hasOption("json")) {
        Path json = Path.of(line.getOptionValue("json"));
        try (OutputStream stream = Files.newOutputStream(json)) {
          SummaryJson.write(summary, Version.get(), stream);
        } catch (IOException e) {
          err.println("heaplens: cannot write the JSON to " + json + ": " + describe(e)
              + "; check that the directory exists and is writable");
          return Heaplens.EXIT_BAD_INPUT;
        }
        out.println();
        out.println("JSON written to " + json);
      }
      return Heaplens.EXIT_OK;
    } catch (HprofFormatException e) {
      err.println("heaplens: " + dump + ": " + e.getMessage());
      return Heaplens.EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("heaplens: cannot read " + dump + ": " + describe(e));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (RuntimeException e) {
      err.println("heaplens: internal error while analyzing " + dump + ": " + e
          + "; please report it with the dump's first lines of output");
      return Heaplens.EXIT_INTERNAL;
    } catch (OutOfMemoryError e) {
      err.println("heaplens: ran out of Java heap while indexing " + dump + "; give it more with"
          + " HEAPLENS_OPTS=-Xmx<size> (for example -Xmx4g)");
      return Heaplens.EXIT_INTERNAL;
    }
  }
}

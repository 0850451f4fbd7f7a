package io.heaplens.cli;

import io.heaplens.analysis.Printable;
import io.heaplens.batch.AnalysisHeap;
import io.heaplens.batch.AnalysisLauncher;
import io.heaplens.batch.ChildAnalysis;
import io.heaplens.batch.FleetIndex;
import io.heaplens.batch.LocalResultStore;
import io.heaplens.batch.ResultStore;
import io.heaplens.scan.LocalSource;
import io.heaplens.scan.S3Connection;
import io.heaplens.scan.S3Location;
import io.heaplens.scan.S3ResultStore;
import io.heaplens.scan.S3Source;
import io.heaplens.scan.ScanOptions;
import io.heaplens.scan.Scanner;
import io.heaplens.scan.Shard;
import io.heaplens.scan.Source;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code heaplens scan <source> [--out <dest>]}: analyzes every heap dump and recording under a
 * folder or an S3 prefix once, each in a child JVM, and rebuilds the index of all results. Only
 * wiring: the work is in the scan and batch modules.
 */
final class ScanCommand {
  private static final CommandUsage USAGE = new CommandUsage("scan",
      "heaplens scan <folder | s3://bucket/prefix/> [--out <folder | s3://bucket/prefix/>] [options]",
      "Analyze every heap dump and flight recording under the source once (told apart by content;"
          + " a dump and a recording of the same name stem, app-7.hprof and app-7.jfr, are analyzed"
          + " together), each in its own JVM. Results: <dest>/<key>/report.html, analysis.json and"
          + " status.json (written last); then <dest>/index.html and index.json across all results."
          + " Run it again at any time: only new or changed inputs are analyzed. S3 credentials and"
          + " region come from the AWS SDK's default chains (AWS_ACCESS_KEY_ID, profiles, roles).",
      "Exit codes: 0 done, 1 an analysis failed in this run (recorded; retried only with"
          + " --retry-failed), 2 bad options or an unreadable source or destination, 3 interrupted.");

  static final String DEFAULT_OUT = "heaplens-scan";

  private final PrintStream out;
  private final PrintStream err;

  ScanCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static Options options() {
    Options options = new Options();
    options.addOption(Option.builder().longOpt("out").hasArg().argName("dest")
        .desc("where results and the index go: a folder or s3://bucket/prefix/ (default: the folder "
            + DEFAULT_OUT + "/)").build());
    options.addOption(Option.builder().longOpt("shard").hasArg().argName("i/N")
        .desc("take only shard i (0 to N-1) of the inputs, by a hash of their key; auto/N takes i from"
            + " JOB_COMPLETION_INDEX (a Kubernetes Indexed Job)").build());
    options.addOption(Option.builder().longOpt("parallel").hasArg().argName("K")
        .desc("analyze K inputs at once, each in its own JVM (default 1)").build());
    options.addOption(Option.builder().longOpt("analysis-heap").hasArg().argName("size")
        .desc("maximum heap of each analysis, e.g. 4g (default: 60% of this machine's or container's memory,"
            + " divided by --parallel)").build());
    options.addOption(Option.builder().longOpt("retry-failed")
        .desc("analyze again the inputs whose analysis failed in an earlier run").build());
    options.addOption(Option.builder().longOpt("redact")
        .desc("write reports with the dumps' string contents replaced by their length and a short hash"
            + " (as analyze --redact), for results that leave the team").build());
    options.addOption(Option.builder().longOpt("index-only")
        .desc("only rebuild index.html and index.json of --out from the results in it; no source").build());
    options.addOption(Option.builder().longOpt("temp-dir").hasArg().argName("dir")
        .desc("where downloaded objects and the analyses' index files go while they run (default: the"
            + " system temp directory); needs room for the largest dump, twice if it is gzip-compressed")
        .build());
    options.addOption(Option.builder().longOpt("endpoint-url").hasArg().argName("url")
        .desc("the S3 endpoint of an S3-compatible store (default: AWS_ENDPOINT_URL, else AWS); implies"
            + " --path-style").build());
    options.addOption(Option.builder().longOpt("path-style")
        .desc("address buckets as https://host/bucket/key, as most S3-compatible stores need").build());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return options;
  }

  int run(String[] args) {
    CommandUsage.Parsed parsed = USAGE.parse(options(), args, out, err);
    if (parsed.line() == null) {
      return parsed.exitCode();
    }
    CommandLine line = parsed.line();
    boolean indexOnly = line.hasOption("index-only");
    if (indexOnly ? !line.getArgList().isEmpty() : line.getArgList().size() != 1) {
      return USAGE.error(err, indexOnly ? "--index-only takes no source, only --out" : "give one source: a folder or s3://bucket/prefix/");
    }
    String dest = line.getOptionValue("out", DEFAULT_OUT);
    ScanOptions options;
    try {
      int parallel = Integer.parseInt(line.getOptionValue("parallel", "1").trim());
      if (parallel < 1) {
        throw new NumberFormatException();
      }
      Shard shard = line.hasOption("shard") ? Shard.parse(line.getOptionValue("shard"), System.getenv()) : Shard.ALL;
      String heap = line.hasOption("analysis-heap")
          ? AnalysisHeap.parse(line.getOptionValue("analysis-heap")) : AnalysisHeap.defaultFor(parallel);
      Path temp = Path.of(line.getOptionValue("temp-dir", System.getProperty("java.io.tmpdir")));
      options = new ScanOptions(shard, parallel, heap, line.hasOption("retry-failed"), temp, line.hasOption("redact"),
          Version.get());
    } catch (NumberFormatException e) {
      return USAGE.error(err, "--parallel takes a whole number of at least 1, not '"
          + Printable.escape(line.getOptionValue("parallel")) + "'");
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, e.getMessage());
    }
    S3Client s3 = null;
    try {
      boolean needsS3 = S3Location.isS3(dest) || (!indexOnly && S3Location.isS3(line.getArgList().get(0)));
      if (needsS3) {
        s3 = S3Connection.open(line.getOptionValue("endpoint-url"), line.hasOption("path-style"));
      }
      ResultStore store = S3Location.isS3(dest) ? new S3ResultStore(s3, S3Location.parse(dest))
          : new LocalResultStore(Path.of(dest));
      if (indexOnly) {
        FleetIndex index = FleetIndex.rebuild(store, "heaplens scan results in " + store.describe());
        out.printf("index of %d results written to %s%n", index.entries().size(), where(store, ResultStore.INDEX_HTML));
        return Heaplens.EXIT_OK;
      }
      Source source = source(line.getArgList().get(0), dest, s3);
      Scanner.Summary summary = new Scanner(source, store,
          new ChildAnalysis(AnalysisLauncher.currentJvm(Heaplens.class.getName())), options, err).run();
      out.printf("%d analyzed now, %d failed now, %d already done, %d failed before, %d skipped (not dumps)%n",
          summary.analyzed(), summary.failed(), summary.alreadyDone(), summary.alreadyFailed(), summary.skipped());
      out.printf("index: %s%n", where(store, ResultStore.INDEX_HTML));
      return summary.failed() > 0 ? Heaplens.EXIT_FINDINGS : Heaplens.EXIT_OK;
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, e.getMessage());
    } catch (IOException e) {
      err.println("heaplens scan: " + Printable.escape(String.valueOf(e.getMessage())));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("heaplens scan: interrupted; run it again to finish (what is done is kept)");
      return Heaplens.EXIT_INTERNAL;
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  private Source source(String text, String dest, S3Client s3) throws IOException {
    if (S3Location.isS3(text)) {
      return new S3Source(s3, S3Location.parse(text));
    }
    Path folder = Path.of(text);
    if (!Files.isDirectory(folder)) {
      throw new IOException(text + (Files.exists(folder) ? " is not a folder" : " does not exist")
          + "; give a folder of dumps or s3://bucket/prefix/");
    }
    return new LocalSource(folder, S3Location.isS3(dest) ? null : Path.of(dest));
  }

  private static String where(ResultStore store, String name) {
    String root = store.describe();
    return root.endsWith("/") ? root + name : root + "/" + name;
  }

}

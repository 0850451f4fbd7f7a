package io.heaplens.cli;

import io.heaplens.analysis.Printable;
import io.heaplens.batch.AnalysisHeap;
import io.heaplens.batch.AnalysisLauncher;
import io.heaplens.server.HeaplensServer;
import io.heaplens.server.ServerSettings;
import io.heaplens.server.Sizes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code heaplens serve}: the upload server. Checks the options, starts the server, prints where it
 * listens (and a generated token, once), then runs until the process is stopped.
 */
final class ServeCommand {
  private static final CommandUsage USAGE = new CommandUsage("serve",
      "heaplens serve [options]",
      "Run the upload server: a page where people drop a heap dump (and its recording), watch it"
          + " analyze and open the report, with a searchable history that survives restarts; and the"
          + " same as an HTTP API (README: Upload server). Uploads stream to disk; each analysis runs"
          + " in its own JVM. Stop it with Ctrl-C: analyses cut short run again at the next start.",
      "Exit codes: 0 stopped, 2 bad options or the port or data folder cannot be used, 3 internal failure.");

  static final String TOKEN_VARIABLE = "HEAPLENS_TOKEN";
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]*)([smhd])");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  ServeCommand(PrintStream out, PrintStream err) {
    this(out, err, System.getenv());
  }

  ServeCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  static Options options() {
    Options options = new Options();
    options.addOption(Option.builder().longOpt("port").hasArg().argName("port")
        .desc("the port to listen on (default 8080; 0 picks a free one, printed at start)").build());
    options.addOption(Option.builder().longOpt("bind").hasArg().argName("address")
        .desc("the address to listen on (default 127.0.0.1, this machine only); any other address needs"
            + " an access token: " + TOKEN_VARIABLE + ", --token-file, or one generated and printed once")
        .build());
    options.addOption(Option.builder().longOpt("data").hasArg().argName("folder")
        .desc("where the history (heaplens.db), the uploaded files and the reports live (default"
            + " ./heaplens-data)").build());
    options.addOption(Option.builder().longOpt("max-upload").hasArg().argName("size")
        .desc("the largest upload accepted, all its files together (default 32g); a larger one gets 413"
            + " and nothing of it is kept").build());
    options.addOption(Option.builder().longOpt("keep-free").hasArg().argName("size")
        .desc("disk space an upload must leave free in the data folder (default 1g); otherwise 507").build());
    options.addOption(Option.builder().longOpt("workers").hasArg().argName("n")
        .desc("how many analyses run at once, each in its own JVM (default 1)").build());
    options.addOption(Option.builder().longOpt("analysis-heap").hasArg().argName("size")
        .desc("the heap of each analysis, as -Xmx takes it (default: 60% of this machine's memory divided"
            + " by --workers); an analysis that runs out of it fails with advice, the server goes on").build());
    options.addOption(Option.builder().longOpt("redact")
        .desc("analyze with analyze --redact: reports show the dumps' string contents (values, messages,"
            + " JVM arguments) only as their length and a short hash; class, method and thread names stay")
        .build());
    options.addOption(Option.builder().longOpt("retention").hasArg().argName("duration")
        .desc("delete uploaded dumps and recordings this long after their analysis ended (30d, 12h, 90m,"
            + " 45s); their reports and history stay (default: keep them)").build());
    options.addOption(Option.builder().longOpt("token-file").hasArg().argName("file")
        .desc("require the access token in the first line of this file (" + TOKEN_VARIABLE
            + " in the environment does the same); browsers log in once, API clients send"
            + " Authorization: Bearer <token>").build());
    options.addOption(Option.builder("h").longOpt("help").desc("print this help").build());
    return options;
  }

  int run(String[] args) {
    CommandUsage.Parsed parsed = USAGE.parse(options(), args, out, err);
    if (parsed.line() == null) {
      return parsed.exitCode();
    }
    CommandLine line = parsed.line();
    if (!line.getArgList().isEmpty()) {
      return USAGE.error(err, "serve takes no arguments, only options");
    }
    ServerSettings settings;
    try {
      settings = settings(line);
    } catch (IllegalArgumentException e) {
      return USAGE.error(err, Printable.escape(e.getMessage()));
    } catch (NoSuchFileException e) {
      err.println("heaplens serve: the token file " + Printable.escape(e.getMessage()) + " does not exist");
      return Heaplens.EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("heaplens serve: cannot read the token file: " + Printable.escape(String.valueOf(e.getMessage())));
      return Heaplens.EXIT_BAD_INPUT;
    }
    HeaplensServer server;
    try {
      server = HeaplensServer.start(settings, AnalysisLauncher.currentJvm(Heaplens.class.getName()));
    } catch (IOException e) {
      err.println("heaplens serve: cannot start on " + settings.bind().getHostAddress() + ":" + settings.port()
          + " with data in " + Printable.escape(settings.dataFolder().toString()) + ": "
          + Printable.escape(String.valueOf(e.getMessage())));
      return Heaplens.EXIT_BAD_INPUT;
    } catch (SQLException e) {
      err.println("heaplens serve: cannot open the history in " + Printable.escape(settings.dataFolder().toString())
          + ": " + Printable.escape(String.valueOf(e.getMessage())));
      return Heaplens.EXIT_BAD_INPUT;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "heaplens-serve-stop"));
    out.println("heaplens serve: listening on " + server.uri() + " (data in " + settings.dataFolder() + "; "
        + settings.workers() + " analysis worker" + (settings.workers() == 1 ? "" : "s") + " with -Xmx"
        + settings.analysisHeap() + ")");
    if (server.generatedToken() != null) {
      out.println("heaplens serve: access token (shown this once; only its hash is kept, in "
          + settings.dataFolder().resolve("token.sha256") + "): " + server.generatedToken());
    } else if (settings.token() == null && settings.loopbackOnly()) {
      out.println("heaplens serve: no access token: only this machine can connect");
    }
    out.flush();
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Heaplens.EXIT_OK;
  }

  private ServerSettings settings(CommandLine line) throws IOException {
    int port = integer(line.getOptionValue("port", "8080"), "--port");
    int workers = integer(line.getOptionValue("workers", "1"), "--workers");
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1");
    }
    InetAddress bind;
    String address = line.getOptionValue("bind", "127.0.0.1");
    try {
      bind = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + address + " is not an address of this machine");
    }
    String heap = line.hasOption("analysis-heap") ? AnalysisHeap.parse(line.getOptionValue("analysis-heap"))
        : AnalysisHeap.defaultFor(workers);
    Duration retention = line.hasOption("retention") ? duration(line.getOptionValue("retention")) : null;
    String token = environment.get(TOKEN_VARIABLE);
    if (line.hasOption("token-file")) {
      Path file = Path.of(line.getOptionValue("token-file"));
      String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      if (first.isEmpty()) {
        throw new IllegalArgumentException("the token file " + file + " is empty");
      }
      token = first;
    }
    if (token != null && token.isBlank()) {
      throw new IllegalArgumentException(TOKEN_VARIABLE + " is set but empty");
    }
    return new ServerSettings(bind, port, Path.of(line.getOptionValue("data", "heaplens-data")).toAbsolutePath(),
        Sizes.parse(line.getOptionValue("max-upload", "32g")), Sizes.parse(line.getOptionValue("keep-free", "1g")),
        workers, heap, retention, token == null ? null : token.strip(), line.hasOption("redact"));
  }

  private static int integer(String text, String option) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, not '" + text + "'");
    }
  }

  /** A duration as {@code 30d}, {@code 12h}, {@code 90m} or {@code 45s}. */
  static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("--retention must be a number with d, h, m or s (30d, 12h), not '"
          + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "d" -> Duration.ofDays(amount);
      case "h" -> Duration.ofHours(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  /** Stops the server; analyses cut short stay running in the history and run again at the next start. */
  private void stop(HeaplensServer server) {
    try {
      server.close();
    } catch (Exception e) {
      err.println("heaplens serve: stopping: " + Printable.escape(String.valueOf(e.getMessage())));
    }
  }

}

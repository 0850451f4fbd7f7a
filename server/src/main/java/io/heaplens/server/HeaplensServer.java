package io.heaplens.server;

import io.heaplens.batch.AnalysisLauncher;
import io.heaplens.batch.ChildAnalysis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code heaplens serve}, started: the HTTP server, the history, the analysis queue and the
 * retention sweep. {@link #start} returns once it listens; {@link #close} stops it, killing the
 * running analyses, which run again at the next start.
 */
public final class HeaplensServer implements AutoCloseable {
  /** Jetty's own logger: its warnings matter, its start-up lines do not. Held so the level sticks. */
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

  static {
    JETTY_LOG.setLevel(Level.WARNING);
  }

  private final Server jetty;
  private final AnalysisHistory history;
  private final AnalysisQueue queue;
  private final ScheduledExecutorService sweeper;
  private final String generatedToken;

  private HeaplensServer(Server jetty, AnalysisHistory history, AnalysisQueue queue, ScheduledExecutorService sweeper,
      String generatedToken) {
    this.jetty = jetty;
    this.history = history;
    this.queue = queue;
    this.sweeper = sweeper;
    this.generatedToken = generatedToken;
  }

  /**
   * Opens the data folder, puts unfinished analyses back in the queue and starts listening.
   *
   * @param launcher how to start the {@code analyze} command in a child JVM
   * @throws IOException the data folder cannot be used or the port cannot be bound
   * @throws SQLException the history cannot be opened
   */
  public static HeaplensServer start(ServerSettings settings, AnalysisLauncher launcher) throws IOException, SQLException {
    DataFolder data = new DataFolder(settings.dataFolder());
    Files.createDirectories(data.root());
    String generatedToken = null;
    byte[] tokenHash = null;
    if (settings.token() != null) {
      tokenHash = AccessControl.sha256(settings.token());
    } else if (!settings.loopbackOnly()) {
      if (Files.isRegularFile(data.tokenHash())) {
        tokenHash = HexFormat.of().parseHex(Files.readString(data.tokenHash(), StandardCharsets.US_ASCII).strip());
      } else {
        generatedToken = AccessControl.randomHex(24);
        tokenHash = AccessControl.sha256(generatedToken);
        Files.writeString(data.tokenHash(), HexFormat.of().formatHex(tokenHash) + "\n", StandardCharsets.US_ASCII);
      }
    }
    AnalysisHistory history = AnalysisHistory.open(data.database());
    Clock clock = Clock.systemUTC();
    AnalysisQueue queue = null;
    ScheduledExecutorService sweeper = null;
    try {
      data.prepare(history.ids());
      queue = new AnalysisQueue(history, data, new ChildAnalysis(launcher), settings.analysisHeap(), settings.redact(),
          settings.workers(), clock);
      for (String id : history.requeueUnfinished()) {
        queue.submit(id);
      }
      queue.start();
      UploadReceiver uploads = new UploadReceiver(data.uploads(), settings.maxUpload(), settings.keepFree());
      QueuedThreadPool threads = new QueuedThreadPool(64, 4);
      threads.setName("heaplens-http");
      Server jetty = new Server(threads);
      ServerConnector connector = new ServerConnector(jetty);
      connector.setHost(settings.bind().getHostAddress());
      connector.setPort(settings.port());
      jetty.addConnector(connector);
      jetty.setErrorHandler(new JsonErrors());
      jetty.setHandler(new Routes(new AccessControl(tokenHash, settings.loopbackOnly()), history, queue, data, uploads,
          clock));
      if (settings.retention() != null) {
        RetentionSweeper retention = new RetentionSweeper(history, data, settings.retention(), clock);
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread thread = new Thread(runnable, "heaplens-retention");
          thread.setDaemon(true);
          return thread;
        });
        sweeper.scheduleWithFixedDelay(retention, 0, retention.pause().toMillis(), TimeUnit.MILLISECONDS);
      }
      try {
        jetty.start();
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
      return new HeaplensServer(jetty, history, queue, sweeper, generatedToken);
    } catch (IOException | RuntimeException e) {
      if (sweeper != null) {
        sweeper.shutdownNow();
      }
      if (queue != null) {
        try {
          queue.close();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      history.close();
      throw e;
    }
  }

  /** The address the server answers on ({@code http://127.0.0.1:8080/}). */
  public URI uri() {
    ServerConnector connector = (ServerConnector) jetty.getConnectors()[0];
    InetSocketAddress address = new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
  }

  /** The token generated at this start, to print once; null when the token was given or generated earlier. */
  public String generatedToken() {
    return generatedToken;
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
    } finally {
      if (sweeper != null) {
        sweeper.shutdownNow();
      }
      queue.close();
      history.close();
    }
  }
}

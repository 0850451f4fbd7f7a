package io.heaplens.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code heaplens serve} runs.
 *
 * @param bind the address to listen on
 * @param port the port, 0 for any free one
 * @param dataFolder where the history, the uploads and the results live
 * @param maxUpload the most bytes one upload may carry (all its files together)
 * @param keepFree the disk space an upload must leave free in the data folder
 * @param workers how many analyses run at once
 * @param analysisHeap each child analysis's heap, as {@code -Xmx} takes it
 * @param retention how long uploaded dumps are kept after their analysis ended, or null for ever
 * @param token the access token required of every request, or null when none is required
 * @param redact analyze with {@code analyze --redact}: the reports hold no string of the dumps
 */
public record ServerSettings(InetAddress bind, int port, Path dataFolder, long maxUpload, long keepFree,
    int workers, String analysisHeap, Duration retention, String token, boolean redact) {
  public ServerSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(dataFolder, "dataFolder");
    Objects.requireNonNull(analysisHeap, "analysisHeap");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("the port must be between 0 and 65535, not " + port);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("at least one worker is needed, not " + workers);
    }
    if (maxUpload < 1 || keepFree < 0) {
      throw new IllegalArgumentException("the upload limit must be positive and the space kept free not negative");
    }
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("the retention must be longer than zero");
    }
  }

  /** Whether the server listens on a loopback address only, where it may run without a token. */
  public boolean loopbackOnly() {
    return bind.isLoopbackAddress();
  }
}

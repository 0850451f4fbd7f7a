package io.heaplens.rules.recording;

import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RecordingRule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.jfr.SocketEndpoint;
import io.heaplens.rules.support.Numbers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Socket activity with one remote endpoint that shows connections are not reused: many reads that
 * find the connection closed by the peer (the server closed connections the client kept idle and
 * never closed, or a connection per request), or I/O from many distinct threads (a client, with its
 * own I/O threads, per request).
 *
 * <p>Reported per endpoint when at least {@value #MIN_END_OF_STREAM_DEFAULT} reads hit the end of
 * the stream, or at least {@value #MIN_THREADS_DEFAULT} distinct threads did I/O with it. The JVM
 * records only socket operations slower than the recording's threshold (10-20 ms in the JDK's
 * settings), so counts are lower bounds. The score follows the larger of the two counts against
 * twice its threshold (80 there).
 */
public final class ConnectionChurnRule implements RecordingRule {
  public static final String ID = "net.connection-churn";
  static final String MIN_END_OF_STREAM = "minEndOfStreamReads";
  static final String MIN_THREADS = "minThreads";
  static final int MIN_END_OF_STREAM_DEFAULT = 50;
  static final int MIN_THREADS_DEFAULT = 64;

  private static final List<Threshold> THRESHOLDS = List.of(
      new Threshold(MIN_END_OF_STREAM, "reads from one endpoint that found the connection closed by the peer,"
          + " from which a finding is reported (twice this scores 80)", MIN_END_OF_STREAM_DEFAULT),
      new Threshold(MIN_THREADS, "distinct threads doing I/O with one endpoint from which a finding is reported"
          + " (twice this scores 80)", MIN_THREADS_DEFAULT));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Connections to one endpoint not reused";
  }

  @Override
  public List<Threshold> thresholds() {
    return THRESHOLDS;
  }

  @Override
  public List<Finding> evaluate(RuleContext context) {
    long minEndOfStream = (long) context.threshold(this, MIN_END_OF_STREAM);
    long minThreads = (long) context.threshold(this, MIN_THREADS);
    List<Finding> findings = new ArrayList<>();
    for (SocketEndpoint endpoint : context.recording().sockets()) {
      boolean closedByPeer = endpoint.endOfStreamReads() >= minEndOfStream;
      boolean manyThreads = endpoint.distinctLocalThreads() >= minThreads;
      if (closedByPeer || manyThreads) {
        int score = Math.max(Scores.ofCount(endpoint.endOfStreamReads(), 2 * minEndOfStream),
            Scores.ofCount(endpoint.distinctLocalThreads(), 2 * minThreads));
        findings.add(finding(endpoint, score, closedByPeer));
      }
    }
    return findings;
  }

  private Finding finding(SocketEndpoint endpoint, int score, boolean closedByPeer) {
    String name = endpoint.host() + ":" + endpoint.port();
    String claim = closedByPeer
        ? Numbers.count(endpoint.endOfStreamReads()) + " reads from " + name + " found the connection closed by"
            + " the peer, by " + Numbers.count(endpoint.distinctLocalThreads()) + " threads"
        : Numbers.count(endpoint.distinctLocalThreads()) + " distinct threads did I/O with " + name + " ("
            + Numbers.count(endpoint.reads()) + " reads, " + Numbers.count(endpoint.writes()) + " writes recorded)";
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("reads", endpoint.reads());
    counts.put("reads at end of stream", endpoint.endOfStreamReads());
    counts.put("writes", endpoint.writes());
    counts.put("threads", endpoint.distinctLocalThreads());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("bytes", Numbers.bytes(endpoint.bytesRead()) + " read, " + Numbers.bytes(endpoint.bytesWritten())
        + " written (operations above the recording's threshold only)");
    return new Finding(ID, score, title(), claim,
        "A client that keeps one pool of connections reads from few threads and rarely sees the server close"
            + " a connection. Reads that find connections closed, and I/O spread over many threads, are what"
            + " clients created per request leave behind: each opens its own connections (and threads), and"
            + " connections nobody closes wait in CLOSE_WAIT until the process runs out of file descriptors.",
        new Evidence(0, endpoint.distinctLocalThreads(), counts, facts, List.of(), List.of()), null,
        "Create one HTTP client per target service and share it; close clients (and responses) you create"
            + " for a single use. The heap dump shows which client class piles up.");
  }
}

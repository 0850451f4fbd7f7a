package io.heaplens.rules.http;

import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Scores;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.FieldType;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.rules.SpecificFindings;
import io.heaplens.rules.http.HttpCode.Side;
import io.heaplens.rules.support.HoldingFrames;
import io.heaplens.rules.support.Numbers;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http.buffered-body}: request or response bodies held whole in memory by request-handling
 * or HTTP client code. Audit and logging filters copying every body, {@code bytes()}, {@code
 * toByteArray} and {@code ofByteArray} on large downloads, JSON built as one string before a POST.
 *
 * <p>How it decides: every {@code byte[]} and {@code char[]} of at least {@code minBufferBytes}
 * (whatever wraps it: {@code String}, {@code StringBuilder}, {@code ByteArrayOutputStream}, {@code
 * ByteBuffer}), and every segmented buffer (okio {@code Buffer}, Netty {@code CompositeByteBuf})
 * retaining that much, is attributed to an owner: the application frame responsible for it when a
 * thread's stack holds it (see {@link HoldingFrames}), else the nearest application object holding
 * it. Buffers only library code holds (class path indexes, buffer pools) have no owner and are left
 * out, and so are buffers with no HTTP code near them (on their path, among their near holders, in
 * the holding frames or on the holding thread's stack). Buffers are grouped by owner; a group is
 * reported when it has at least {@code minBuffers} buffers whose median is at least {@code
 * largeBufferBytes}, or when it holds at least {@code minGroupShare} of the heap.
 *
 * <p>Cost: one pass over the byte and char arrays, one path query and a bounded backward search per
 * candidate (at most {@value #MAX_CANDIDATES}, largest first), one set retained-size computation
 * per reported group.
 */
public final class BufferedBodyRule implements SpecificFindings.Specific {
  /** The rule's id. */
  public static final String ID = "http.buffered-body";
  /** How many candidate buffers are examined at most, largest first. */
  static final int MAX_CANDIDATES = 2_000;
  /** How many groups are reported at most. */
  static final int MAX_FINDINGS = 5;

  private static final List<String> SEGMENTED_BUFFERS = List.of("okio.Buffer", "io.netty.buffer.CompositeByteBuf");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String title() {
    return "Request or response bodies buffered whole in memory";
  }

  @Override
  public List<Threshold> thresholds() {
    return List.of(
        new Threshold("minBufferBytes", "smallest byte/char buffer (or segmented buffer) considered, in bytes", 256 * 1024),
        new Threshold("largeBufferBytes", "median buffer size from which a group of buffers is reported, in bytes",
            1024 * 1024),
        new Threshold("minBuffers", "fewest buffers of one owner reported on their size alone", 2),
        new Threshold("minGroupShare", "share of the heap from which one owner's buffers are reported whatever their size",
            0.10),
        new Threshold("alarmingShare", "share of the heap held by one owner's buffers that scores critical", 0.30));
  }

  @Override
  public List<SpecificFindings.Reported> report(RuleContext context) {
    HeapGraph graph = context.heap();
    long minBytes = (long) context.threshold(this, "minBufferBytes");
    long largeBytes = (long) context.threshold(this, "largeBufferBytes");
    int minBuffers = (int) context.threshold(this, "minBuffers");
    double minShare = context.threshold(this, "minGroupShare");
    double alarming = context.threshold(this, "alarmingShare");
    long heapBytes = Numbers.reachableBytes(graph);

    HoldingFrames frames = new HoldingFrames(graph);
    Map<String, BufferGroup> groups = new LinkedHashMap<>();
    for (int buffer : candidates(graph, minBytes)) {
      BodyBuffer body = BodyBuffer.examine(graph, frames, buffer);
      if (body != null) {
        groups.computeIfAbsent(body.ownerKey(), k -> new BufferGroup()).add(body);
      }
    }
    List<SpecificFindings.Reported> findings = new ArrayList<>();
    groups.values().stream()
        .filter(BufferGroup::nearHttpCode)
        .sorted(Comparator.comparingLong(BufferGroup::bytes).reversed())
        .forEach(group -> {
          boolean bySize = group.size() >= minBuffers && group.percentile(50) >= largeBytes;
          boolean byShare = (double) group.bytes() / Math.max(1, heapBytes) >= minShare;
          if ((bySize || byShare) && findings.size() < MAX_FINDINGS) {
            Finding finding = finding(graph, group, heapBytes, alarming, byShare);
            String holder = finding.culprit() == null ? null : finding.culprit().className();
            findings.add(new SpecificFindings.Reported(finding, group.objects(), new int[0],
                run -> RecordedOrigins.ofAllocations(run, BufferedBodyRule::isBufferArray, largeBytes, holder)));
          }
        });
    return findings;
  }

  /** Buffers of at least {@code minBytes}, largest first, at most {@value #MAX_CANDIDATES}. */
  private static int[] candidates(HeapGraph graph, long minBytes) {
    List<long[]> found = new ArrayList<>();
    List<Integer> segmented = new ArrayList<>();
    for (HeapClass heapClass : graph.classes()) {
      FieldType element = heapClass.primitiveElementType();
      if (element == FieldType.BYTE || element == FieldType.CHAR) {
        for (int array : graph.instancesOf(heapClass, false)) {
          if (graph.shallowSize(array) >= minBytes && graph.isReachable(array)) {
            found.add(new long[] {graph.shallowSize(array), array});
          }
        }
      } else if (isSegmentedBuffer(heapClass.name())) {
        for (int buffer : graph.instancesOf(heapClass, true)) {
          if (graph.retainedSize(buffer) >= minBytes) {
            found.add(new long[] {graph.retainedSize(buffer), buffer});
            segmented.add(buffer);
          }
        }
      }
    }
    // An array inside a segmented buffer already counts as part of it.
    found.removeIf(entry -> graph.kind((int) entry[1]) == ObjectKind.PRIMITIVE_ARRAY
        && dominatedByAny(graph, (int) entry[1], segmented));
    found.sort((a, b) -> Long.compare(b[0], a[0]));
    return found.stream().limit(MAX_CANDIDATES).mapToInt(entry -> (int) entry[1]).toArray();
  }

  private static boolean isSegmentedBuffer(String className) {
    for (String name : SEGMENTED_BUFFERS) {
      if (className.equals(name) || className.endsWith("." + name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean dominatedByAny(HeapGraph graph, int object, List<Integer> holders) {
    if (holders.isEmpty()) {
      return false;
    }
    int step = graph.immediateDominator(object);
    for (int depth = 0; depth < 6 && step >= 0; depth++) {
      if (holders.contains(step)) {
        return true;
      }
      step = graph.immediateDominator(step);
    }
    return false;
  }

  private static boolean isBufferArray(String className) {
    return className.equals("byte[]") || className.equals("char[]");
  }

  private Finding finding(HeapGraph graph, BufferGroup group, long heapBytes, double alarming, boolean byShare) {
    int[] buffers = group.objects();
    long retained = graph.retainedSize(buffers);
    double share = (double) retained / Math.max(1, heapBytes);
    int score = Scores.ofShare(share, alarming);
    if (!byShare) {
      // Large bodies held whole are worth knowing even in a big heap, but not alarming there.
      score = Math.max(score, Severity.LOW.minimumScore());
    }
    BodyBuffer first = group.buffers.get(0);
    Culprit culprit = first.culprit();
    String owner = culprit.method() != null ? culprit.className() + "." + culprit.method() : culprit.className();
    int threads = group.threadCount();
    Side side = group.side();
    BodyCall call = side == Side.CLIENT ? group.call(graph) : null;
    String callClause = side != Side.CLIENT ? ""
        : call != null ? "; buffered by " + call.call()
        : "; the buffering call could not be told from the dump";
    String claim = String.format("%s %s (median %s, max %s) held by %s%s retain %s (%s of heap)%s",
        Numbers.count(buffers.length), buffers.length == 1 ? "body buffer" : "body buffers",
        Numbers.bytes(group.percentile(50)), Numbers.bytes(group.percentile(100)), owner,
        threads > 0 ? " on " + Numbers.count(threads) + (threads == 1 ? " thread" : " threads") : "",
        Numbers.bytes(retained), Numbers.percent(retained, heapBytes), callClause);

    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("buffers", (long) buffers.length);
    counts.put("holding threads", (long) threads);
    counts.put(">= 1 MB", group.buffers.stream().filter(b -> b.bytes() >= 1 << 20).count());
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("size distribution", String.format("p50 %s, p90 %s, max %s, total %s",
        Numbers.bytes(group.percentile(50)), Numbers.bytes(group.percentile(90)),
        Numbers.bytes(group.percentile(100)), Numbers.bytes(group.bytes())));
    facts.put("buffer kinds", group.kinds());
    facts.put("held by", group.owners());
    facts.put("HTTP code", group.httpEvidence());
    if (side == Side.CLIENT) {
      facts.put("buffering call", call != null ? call.call() + ", inferred from the dump: " + call.how()
          : "not told by the dump: no client response, entity or body handler next to the buffers or in the"
              + " frames holding them");
    }

    List<ExampleObject> examples = new ArrayList<>();
    for (BodyBuffer example : group.buffers.subList(0, Math.min(3, group.buffers.size()))) {
      examples.add(new ExampleObject(graph.objectId(example.object()), graph.classOf(example.object()).name(),
          graph.shallowSize(example.object()), graph.retainedSize(example.object()),
          HeapSummarizer.path(graph, example.object()),
          example.holding() != null ? example.holding().threadName() : null,
          example.holding() != null ? example.holding().frameLine() : null));
    }
    Evidence evidence = new Evidence(retained, buffers.length, counts, facts, examples, group.holdingThreads(10));
    return new Finding(ID, score, title(), claim, explanation(side), evidence, culprit,
        recommendation(side, group.hasText(), call));
  }

  private static String explanation(Side side) {
    String common = " Memory then grows with body size times concurrency instead of staying at a few"
        + " kilobytes of buffer per exchange, so a handful of large or concurrent bodies is enough to exhaust"
        + " the heap, and every copy (wrapper, byte array, string, entity) multiplies it.";
    if (side == Side.SERVER) {
      return "Request-handling code holds whole request or response bodies in memory, typically a filter"
          + " or wrapper that caches every body so it can log, audit or re-read it." + common;
    }
    return "HTTP client code holds whole bodies in memory: a response read with bytes()/toByteArray()/"
        + "ofByteArray(), or a request body built completely (a JSON string and its byte copy) before it"
        + " is sent." + common;
  }

  private static String recommendation(Side side, boolean text, BodyCall call) {
    if (side == Side.CLIENT && call != null) {
      return "Replace " + call.call() + " with " + call.fix() + ", so memory stays at a few kilobytes per"
          + " exchange instead of the whole body; and bound how many large transfers run at once.";
    }
    if (side == Side.SERVER) {
      return "Stream bodies through instead of caching them: audit or log metadata (method, path, status,"
          + " size, a digest computed while the body streams) or at most a bounded prefix (a few KB). If a"
          + " body must be read twice, spool it to a temporary file above a small in-memory limit, and cap"
          + " the accepted body size.";
    }
    if (text) {
      return "Write request bodies while sending them (an entity or RequestBody whose writeTo serializes"
          + " straight into the connection's stream, e.g. Jackson writeValue(OutputStream, ...)) instead of"
          + " building the whole JSON as a String and copying it into a byte-array entity.";
    }
    return "Stream responses to their destination (OkHttp ResponseBody.byteStream()/source(), Apache"
        + " HttpEntity.getContent()/writeTo(), JDK BodyHandlers.ofInputStream()/ofFile()) instead of"
        + " bytes()/toByteArray()/ofByteArray(), and bound how many large transfers run at once.";
  }

  /** Buffers sharing one owner. */
  private static final class BufferGroup {
    final List<BodyBuffer> buffers = new ArrayList<>();

    void add(BodyBuffer buffer) {
      buffers.add(buffer);
    }

    int size() {
      return buffers.size();
    }

    int[] objects() {
      return buffers.stream().mapToInt(BodyBuffer::object).toArray();
    }

    long bytes() {
      return buffers.stream().mapToLong(BodyBuffer::bytes).sum();
    }

    /** The size at this percentile (nearest rank). */
    long percentile(int percent) {
      long[] sizes = buffers.stream().mapToLong(BodyBuffer::bytes).sorted().toArray();
      int rank = (int) Math.ceil(percent / 100.0 * sizes.length);
      return sizes[Math.max(0, Math.min(sizes.length - 1, rank - 1))];
    }

    /**
     * The call most of the buffers were read with, or null when the dump tells it for none of them.
     * Computed once per reported group.
     */
    BodyCall call(HeapGraph graph) {
      Map<String, Integer> votes = new LinkedHashMap<>();
      Map<String, BodyCall> calls = new LinkedHashMap<>();
      for (BodyBuffer buffer : buffers) {
        BodyCall call = BodyCall.of(graph, buffer.object(), buffer.holding(), buffer.isText());
        if (call != null) {
          votes.merge(call.call(), 1, Integer::sum);
          calls.putIfAbsent(call.call(), call);
        }
      }
      return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> calls.get(e.getKey())).orElse(null);
    }

    boolean nearHttpCode() {
      return buffers.stream().anyMatch(b -> b.http() != null);
    }

    Side side() {
      return buffers.stream().anyMatch(b -> b.side() == Side.SERVER) ? Side.SERVER : Side.CLIENT;
    }

    boolean hasText() {
      return buffers.stream().anyMatch(BodyBuffer::isText);
    }

    int threadCount() {
      return (int) buffers.stream().filter(b -> b.holding() != null).map(b -> b.holding().thread().object())
          .distinct().count();
    }

    String kinds() {
      return describeCounts(buffers.stream().map(BodyBuffer::kind).toList());
    }

    String owners() {
      return describeCounts(buffers.stream().map(BodyBuffer::ownerDescription).toList());
    }

    String httpEvidence() {
      return describeCounts(buffers.stream().filter(b -> b.http() != null).map(BodyBuffer::http).toList());
    }

    List<String> holdingThreads(int max) {
      Map<String, Integer> lines = new LinkedHashMap<>();
      for (BodyBuffer buffer : buffers) {
        if (buffer.holding() != null) {
          HoldingFrames.Holding holding = buffer.holding();
          String state = holding.thread().state() != null ? " (" + holding.thread().state() + ")" : "";
          String frame = holding.frame() != null ? " at " + holding.frameLine() : "";
          lines.merge(holding.threadName() + state + frame, 1, Integer::sum);
        }
      }
      return lines.entrySet().stream().limit(max)
          .map(e -> e.getValue() > 1 ? e.getKey() + " [" + e.getValue() + " buffers]" : e.getKey()).toList();
    }

    private static String describeCounts(List<String> values) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      values.forEach(v -> counts.merge(v, 1, Integer::sum));
      List<String> parts = new ArrayList<>();
      counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(5)
          .forEach(e -> parts.add(e.getValue() + " x " + e.getKey()));
      return String.join("; ", parts);
    }
  }
}

package io.heaplens.jfr;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.openjdk.jmc.common.IMCOldObject;
import org.openjdk.jmc.common.IMCOldObjectGcRoot;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.IRange;
import org.openjdk.jmc.flightrecorder.jdk.JdkTypeIDs;

/**
 * Builds a recording's views: from the triage's counts and sums, and from the items of the few
 * event types whose events are kept one by one (thread starts, collections, old objects...).
 */
final class RecordingViews {
  /** The event types the views read as items; everything else is counted or summed by the triage. */
  static final Set<String> ITEM_TYPES = Set.of(
      JdkTypeIDs.JAVA_THREAD_START, JdkTypeIDs.JAVA_THREAD_END, JdkTypeIDs.THREAD_STATISTICS,
      JdkTypeIDs.HEAP_SUMMARY, JdkTypeIDs.GARBAGE_COLLECTION, JdkTypeIDs.OLD_OBJECT_SAMPLE,
      JdkTypeIDs.ERRORS_THROWN, JdkTypeIDs.THROWABLES_STATISTICS,
      JdkTypeIDs.VM_INFO, JdkTypeIDs.HEAP_CONF, JdkTypeIDs.GC_CONF, JdkTypeIDs.INT_FLAG, JdkTypeIDs.UINT_FLAG,
      JdkTypeIDs.LONG_FLAG, JdkTypeIDs.ULONG_FLAG, JdkTypeIDs.DOUBLE_FLAG, JdkTypeIDs.BOOLEAN_FLAG,
      JdkTypeIDs.STRING_FLAG);
  /** The flags worth showing: heap and collector sizing, and what happens on an OutOfMemoryError. */
  private static final Set<String> INTERESTING_FLAGS = Set.of(
      "MaxHeapSize", "InitialHeapSize", "MinHeapSize", "MaxRAMPercentage", "InitialRAMPercentage", "MaxNewSize",
      "NewRatio", "MaxMetaspaceSize", "MaxDirectMemorySize", "ReservedCodeCacheSize", "ThreadStackSize",
      "UseG1GC", "UseParallelGC", "UseSerialGC", "UseZGC", "UseShenandoahGC", "UseConcMarkSweepGC",
      "MaxGCPauseMillis", "ParallelGCThreads", "ConcGCThreads", "UseCompressedOops", "UseStringDeduplication",
      "HeapDumpOnOutOfMemoryError", "ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError");
  private static final Set<String> FLAG_TYPES = Set.of(
      JdkTypeIDs.INT_FLAG, JdkTypeIDs.UINT_FLAG, JdkTypeIDs.LONG_FLAG, JdkTypeIDs.ULONG_FLAG, JdkTypeIDs.DOUBLE_FLAG,
      JdkTypeIDs.BOOLEAN_FLAG, JdkTypeIDs.STRING_FLAG);
  /** Guards against a garbled reference chain that loops; JFR records at most a few hundred links. */
  private static final int MAX_CHAIN = 10_000;

  private final StackTraces stacks = new StackTraces();
  private final int chunks;

  private final Map<String, Long> eventCounts = new TreeMap<>();
  private long firstEventNanos = Long.MAX_VALUE;
  private long lastEventNanos = Long.MIN_VALUE;
  private Instant firstChunkStart;
  private Instant lastChunkEnd;

  private final Map<Site, EventTriage.SiteTotals> sampledSites = new HashMap<>();
  private final Map<Site, EventTriage.SiteTotals> insideTlabSites = new HashMap<>();
  private final Map<Site, EventTriage.SiteTotals> outsideTlabSites = new HashMap<>();
  private final Map<StackTrace, long[]> cpuSamples = new IdentityHashMap<>();
  private final Map<EventTriage.Endpoint, EventTriage.SocketTotals> sockets = new HashMap<>();

  private final List<ThreadStart> threadStarts = new ArrayList<>();
  private final List<ThreadEnd> threadEnds = new ArrayList<>();
  private final List<ThreadCount> threadCounts = new ArrayList<>();
  private final List<HeapAfterGc> heapAfterGc = new ArrayList<>();
  private final List<GcPause> gcPauses = new ArrayList<>();
  private final List<OldObjectSample> oldObjects = new ArrayList<>();
  private final List<ThrownError> errors = new ArrayList<>();
  private TimedCount firstThrowables;
  private TimedCount lastThrowables;

  private String jvmName;
  private String jvmVersion;
  private String jvmArguments;
  private String javaArguments;
  private long maxHeapBytes = -1;
  private String collector;
  private final Map<String, String> flags = new HashMap<>();
  private final Map<String, Long> flagTimes = new HashMap<>();

  /** Where objects of a class were allocated: the class's name and the interned stack. */
  private record Site(String objectClass, StackTrace stack) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Site site && site.stack == stack && site.objectClass.equals(objectClass);
    }

    @Override
    public int hashCode() {
      return objectClass.hashCode() * 31 + System.identityHashCode(stack);
    }
  }

  private record TimedCount(long epochNanos, long count) {}

  private RecordingViews(int chunks) {
    this.chunks = chunks;
  }

  /** The views of a recording's events. */
  static RecordingViews of(IItemCollection items, EventTriage triage, int chunks) {
    RecordingViews views = new RecordingViews(chunks);
    views.readTriage(triage);
    views.readItems(items);
    return views;
  }

  private void readTriage(EventTriage triage) {
    for (EventTriage.TypeSink sink : triage.sinks()) {
      eventCounts.merge(sink.type, sink.count, Long::sum);
      firstEventNanos = Math.min(firstEventNanos, sink.firstNanos);
      lastEventNanos = Math.max(lastEventNanos, sink.lastNanos);
      if (sink.isAllocations()) {
        Map<Site, EventTriage.SiteTotals> sites = switch (sink.type) {
          case JdkTypeIDs.OBJ_ALLOC_SAMPLE -> sampledSites;
          case JdkTypeIDs.ALLOC_INSIDE_TLAB -> insideTlabSites;
          default -> outsideTlabSites;
        };
        sink.forEachSite((jmcClass, trace, totals) -> {
          String objectClass = Fields.className(jmcClass);
          Site site = new Site(objectClass == null ? "?" : objectClass, stacks.convert(trace));
          sites.merge(site, totals, (known, more) -> {
            known.add(more);
            return known;
          });
        });
      }
      sink.sockets.forEach((endpoint, totals) -> sockets.merge(endpoint, totals, (known, more) -> {
        known.add(more);
        return known;
      }));
      sink.samples.forEach((trace, count) -> cpuSamples.computeIfAbsent(stacks.convert(trace), key -> new long[1])[0]
          += count[0]);
    }
    // Types JMC declared but that had no events in a chunk still get a sink; keep counts of real events only.
    eventCounts.values().removeIf(count -> count == 0);
  }

  private void readItems(IItemCollection items) {
    for (IRange<IQuantity> range : items.getUnfilteredTimeRanges()) {
      Instant start = Fields.instant(range.getStart());
      Instant end = Fields.instant(range.getEnd());
      firstChunkStart = firstChunkStart == null || start.isBefore(firstChunkStart) ? start : firstChunkStart;
      lastChunkEnd = lastChunkEnd == null || end.isAfter(lastChunkEnd) ? end : lastChunkEnd;
    }
    for (IItemIterable iterable : items) {
      String type = iterable.getType().getIdentifier();
      if (!ITEM_TYPES.contains(type)) {
        continue;
      }
      Fields fields = new Fields(iterable.getType());
      switch (type) {
        case JdkTypeIDs.JAVA_THREAD_START -> readThreadStarts(iterable, fields);
        case JdkTypeIDs.JAVA_THREAD_END -> readThreadEnds(iterable, fields);
        case JdkTypeIDs.THREAD_STATISTICS -> readThreadCounts(iterable, fields);
        case JdkTypeIDs.HEAP_SUMMARY -> readHeapSummaries(iterable, fields);
        case JdkTypeIDs.GARBAGE_COLLECTION -> readCollections(iterable, fields);
        case JdkTypeIDs.OLD_OBJECT_SAMPLE -> readOldObjects(iterable, fields);
        case JdkTypeIDs.ERRORS_THROWN -> readErrors(iterable, fields);
        case JdkTypeIDs.THROWABLES_STATISTICS -> readThrowableCounts(iterable, fields);
        case JdkTypeIDs.VM_INFO -> readJvmInformation(iterable, fields);
        case JdkTypeIDs.HEAP_CONF -> readHeapConfiguration(iterable, fields);
        case JdkTypeIDs.GC_CONF -> readGcConfiguration(iterable, fields);
        default -> {
          if (FLAG_TYPES.contains(type)) {
            readFlags(iterable, fields);
          }
        }
      }
    }
  }

  private void readThreadStarts(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    // The started thread; JDKs before 11 recorded it only as the event's thread.
    IMemberAccessor<?, IItem> thread = fields.accessor(fields.accessor("thread") != null ? "thread" : "eventThread");
    IMemberAccessor<?, IItem> parent = fields.accessor("parentThread");
    IMemberAccessor<?, IItem> stackTrace = fields.accessor("stackTrace");
    for (IItem event : iterable) {
      Object started = Fields.read(thread, event);
      threadStarts.add(new ThreadStart(
          Fields.instant(Fields.read(start, event)), Fields.javaThreadId(started), Fields.threadName(started),
          Fields.threadName(Fields.read(parent, event)), stacks.convert(Fields.read(stackTrace, event))));
    }
  }

  private void readThreadEnds(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> thread = fields.accessor(fields.accessor("thread") != null ? "thread" : "eventThread");
    for (IItem event : iterable) {
      threadEnds.add(new ThreadEnd(
          Fields.instant(Fields.read(start, event)), Fields.javaThreadId(Fields.read(thread, event))));
    }
  }

  private void readThreadCounts(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> active = fields.accessor("activeCount");
    IMemberAccessor<?, IItem> daemon = fields.accessor("daemonCount");
    IMemberAccessor<?, IItem> accumulated = fields.accessor("accumulatedCount");
    IMemberAccessor<?, IItem> peak = fields.accessor("peakCount");
    for (IItem event : iterable) {
      threadCounts.add(new ThreadCount(
          Fields.instant(Fields.read(start, event)), Fields.number(Fields.read(active, event), null, -1),
          Fields.number(Fields.read(daemon, event), null, -1), Fields.number(Fields.read(accumulated, event), null, -1),
          Fields.number(Fields.read(peak, event), null, -1)));
    }
  }

  private void readHeapSummaries(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> when = fields.accessor("when");
    IMemberAccessor<?, IItem> gcId = fields.accessor("gcId");
    IMemberAccessor<?, IItem> used = fields.accessor("heapUsed");
    IMemberAccessor<?, IItem> committed = fields.accessor("heapSpace:committedSize");
    for (IItem event : iterable) {
      if ("After GC".equals(Fields.text(Fields.read(when, event)))) {
        heapAfterGc.add(new HeapAfterGc(
            Fields.instant(Fields.read(start, event)), Fields.number(Fields.read(gcId, event), null, -1),
            Fields.bytes(Fields.read(used, event), 0), Fields.bytes(Fields.read(committed, event), 0)));
      }
    }
  }

  private void readCollections(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> gcId = fields.accessor("gcId");
    IMemberAccessor<?, IItem> name = fields.accessor("name");
    IMemberAccessor<?, IItem> cause = fields.accessor("cause");
    IMemberAccessor<?, IItem> longest = fields.accessor("longestPause");
    IMemberAccessor<?, IItem> sum = fields.accessor("sumOfPauses");
    for (IItem event : iterable) {
      gcPauses.add(new GcPause(
          Fields.instant(Fields.read(start, event)), Fields.number(Fields.read(gcId, event), null, -1),
          Fields.text(Fields.read(name, event)), Fields.text(Fields.read(cause, event)),
          Fields.duration(Fields.read(longest, event)), Fields.duration(Fields.read(sum, event))));
    }
  }

  private void readOldObjects(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> allocationTime = fields.accessor("allocationTime");
    IMemberAccessor<?, IItem> object = fields.accessor("object");
    IMemberAccessor<?, IItem> arrayElements = fields.accessor("arrayElements");
    IMemberAccessor<?, IItem> stackTrace = fields.accessor("stackTrace");
    IMemberAccessor<?, IItem> root = fields.accessor("root");
    IMemberAccessor<?, IItem> heapUsage = fields.accessor("lastKnownHeapUsage");
    for (IItem event : iterable) {
      IMCOldObject sampled = Fields.read(object, event) instanceof IMCOldObject old ? old : null;
      String objectClass = sampled == null || sampled.getType() == null ? "?" : sampled.getType().getFullName();
      long elements = Fields.number(Fields.read(arrayElements, event), null, -1);
      oldObjects.add(new OldObjectSample(
          Fields.instant(Fields.read(start, event)), Fields.instant(Fields.read(allocationTime, event)), objectClass,
          elements < 0 ? -1 : elements, stacks.convert(Fields.read(stackTrace, event)), referenceChain(sampled),
          rootDescription(Fields.read(root, event)), Fields.bytes(Fields.read(heapUsage, event), -1)));
    }
  }

  /**
   * The chain from the GC root's object down to the sampled object, one entry per object. JMC
   * links each object to the object referring to it, and tells how: through which field of the
   * referrer, or at which index of the referrer array.
   */
  private static List<String> referenceChain(IMCOldObject sampled) {
    List<IMCOldObject> upward = new ArrayList<>();
    for (IMCOldObject at = sampled; at != null && upward.size() < MAX_CHAIN; at = at.getReferrer()) {
      upward.add(at);
    }
    if (upward.size() < 2) {
      // Recorded without a path to the GC roots: there is only the object itself.
      return List.of();
    }
    List<String> chain = new ArrayList<>(upward.size());
    for (int i = upward.size() - 1; i > 0; i--) {
      IMCOldObject referrer = upward.get(i);
      IMCOldObject referenced = upward.get(i - 1);
      chain.add(referenceEntry(referrer, referenced));
      if (referenced.getReferrerSkip() > 0) {
        chain.add("... " + referenced.getReferrerSkip() + " objects not recorded ...");
      }
    }
    chain.add(typeName(sampled));
    return chain;
  }

  private static String referenceEntry(IMCOldObject referrer, IMCOldObject referenced) {
    String mirrored = mirroredClass(referrer);
    if (referenced.getReferrerField() != null && referenced.getReferrerField().getName() != null) {
      String field = referenced.getReferrerField().getName();
      return mirrored != null ? mirrored + "." + field + " (static)" : typeName(referrer) + "." + field;
    }
    if (referenced.getReferrerArray() != null && referenced.getReferrerArray().getIndex() != null) {
      return typeName(referrer) + "[" + referenced.getReferrerArray().getIndex() + "]";
    }
    return mirrored != null ? "java.lang.Class (" + mirrored + ")" : typeName(referrer);
  }

  /** For a {@code java.lang.Class} object, the class it stands for ("Class Name: com.acme.Cache"). */
  private static String mirroredClass(IMCOldObject object) {
    String description = object.getDescription();
    String prefix = "Class Name: ";
    if ("java.lang.Class".equals(typeName(object)) && description != null && description.startsWith(prefix)) {
      return description.substring(prefix.length()).strip();
    }
    return null;
  }

  private static String typeName(IMCOldObject object) {
    return object.getType() == null ? "?" : object.getType().getFullName();
  }

  /** "Stack Variable (Threads), Thread Name: main"; null when the root is unknown. */
  private static String rootDescription(Object value) {
    if (!(value instanceof IMCOldObjectGcRoot root)) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    if (root.getType() != null) {
      text.append(root.getType());
    }
    if (root.getSystem() != null) {
      text.append(text.length() > 0 ? " (" + root.getSystem() + ")" : root.getSystem());
    }
    if (root.getDescription() != null) {
      text.append(text.length() > 0 ? ", " : "").append(root.getDescription());
    }
    return text.length() == 0 ? null : text.toString();
  }

  private void readErrors(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> thrownClass = fields.accessor("thrownClass");
    IMemberAccessor<?, IItem> message = fields.accessor("message");
    IMemberAccessor<?, IItem> thread = fields.accessor("eventThread");
    IMemberAccessor<?, IItem> stackTrace = fields.accessor("stackTrace");
    for (IItem event : iterable) {
      String errorClass = Fields.className(Fields.read(thrownClass, event));
      errors.add(new ThrownError(
          Fields.instant(Fields.read(start, event)), errorClass == null ? "?" : errorClass,
          Fields.text(Fields.read(message, event)), Fields.threadName(Fields.read(thread, event)),
          stacks.convert(Fields.read(stackTrace, event))));
    }
  }

  private void readThrowableCounts(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> throwables = fields.accessor("throwables");
    for (IItem event : iterable) {
      TimedCount count = new TimedCount(
          Fields.epochNanos(Fields.read(start, event), 0), Fields.number(Fields.read(throwables, event), null, 0));
      if (firstThrowables == null || count.epochNanos() < firstThrowables.epochNanos()) {
        firstThrowables = count;
      }
      if (lastThrowables == null || count.epochNanos() >= lastThrowables.epochNanos()) {
        lastThrowables = count;
      }
    }
  }

  private void readJvmInformation(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> name = fields.accessor("jvmName");
    IMemberAccessor<?, IItem> version = fields.accessor("jvmVersion");
    IMemberAccessor<?, IItem> jvmArgs = fields.accessor("jvmArguments");
    IMemberAccessor<?, IItem> javaArgs = fields.accessor("javaArguments");
    for (IItem event : iterable) {
      jvmName = Fields.text(Fields.read(name, event));
      jvmVersion = Fields.text(Fields.read(version, event));
      jvmArguments = Fields.text(Fields.read(jvmArgs, event));
      javaArguments = Fields.text(Fields.read(javaArgs, event));
    }
  }

  private void readHeapConfiguration(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> maxSize = fields.accessor("maxSize");
    for (IItem event : iterable) {
      maxHeapBytes = Fields.bytes(Fields.read(maxSize, event), maxHeapBytes);
    }
  }

  private void readGcConfiguration(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> young = fields.accessor("youngCollector");
    IMemberAccessor<?, IItem> old = fields.accessor("oldCollector");
    for (IItem event : iterable) {
      String youngName = Fields.text(Fields.read(young, event));
      String oldName = Fields.text(Fields.read(old, event));
      if (youngName != null || oldName != null) {
        collector = youngName == null ? oldName : oldName == null ? youngName : youngName + "/" + oldName;
      }
    }
  }

  private void readFlags(IItemIterable iterable, Fields fields) {
    IMemberAccessor<?, IItem> start = fields.accessor("startTime");
    IMemberAccessor<?, IItem> name = fields.accessor("name");
    IMemberAccessor<?, IItem> value = fields.accessor("value");
    for (IItem event : iterable) {
      String flag = Fields.text(Fields.read(name, event));
      if (flag != null && INTERESTING_FLAGS.contains(flag)) {
        Object flagValue = Fields.read(value, event);
        String text = flagValue instanceof IQuantity quantity ? quantity.numberValue().toString() : Fields.text(flagValue);
        long nanos = Fields.epochNanos(Fields.read(start, event), Long.MIN_VALUE);
        // Flags are recorded at each chunk's start and end; the latest value wins.
        Long known = flagTimes.get(flag);
        if (text != null && (known == null || nanos >= known)) {
          flags.put(flag, text);
          flagTimes.put(flag, nanos);
        }
      }
    }
  }

  /** The recording with these views, the JMC rule results, the warnings and what of the file was lost. */
  Recording toRecording(List<JmcRuleResult> jmcRuleResults, List<String> warnings, List<String> unread) {
    return new Recording(
        facts(), allocations(), byTime(threadStarts, ThreadStart::time), byTime(threadEnds, ThreadEnd::time),
        byTime(threadCounts, ThreadCount::time), byTime(heapAfterGc, HeapAfterGc::time), byTime(gcPauses, GcPause::time),
        byTime(oldObjects, OldObjectSample::allocationTime), sockets(), byTime(errors, ThrownError::time),
        exceptionsThrown(), cpuSamples(), jmcRuleResults, warnings, unread);
  }

  private RecordingFacts facts() {
    Instant start;
    Duration duration;
    if (firstEventNanos <= lastEventNanos) {
      start = Fields.instantOfNanos(firstEventNanos);
      duration = Duration.ofNanos(lastEventNanos - firstEventNanos);
    } else if (firstChunkStart != null) {
      start = firstChunkStart;
      duration = Duration.between(firstChunkStart, lastChunkEnd);
    } else {
      start = Instant.EPOCH;
      duration = Duration.ZERO;
    }
    return new RecordingFacts(
        jvmName, jvmVersion, jvmArguments, javaArguments, start, duration, chunks, maxHeapBytes, collector,
        new TreeMap<>(eventCounts), flags);
  }

  /**
   * Allocation sites, weighted by the allocation samples; by the TLAB events' sizes when the
   * recording has no samples. The outside-TLAB events, recorded one by one, give each site's
   * largest allocation and its exact outside-TLAB bytes, and add the sites seen only there.
   */
  private List<AllocationSite> allocations() {
    boolean sampled = !sampledSites.isEmpty();
    Map<Site, EventTriage.SiteTotals> weighted = new HashMap<>();
    (sampled ? sampledSites : insideTlabSites).forEach((site, totals) -> weighted.put(site, copy(totals)));
    outsideTlabSites.forEach((site, totals) -> {
      EventTriage.SiteTotals known = weighted.computeIfAbsent(site, key -> new EventTriage.SiteTotals());
      if (!sampled) {
        known.weightBytes += totals.weightBytes;
        known.events += totals.events;
      }
    });
    List<AllocationSite> sites = new ArrayList<>(weighted.size());
    weighted.forEach((site, totals) -> {
      EventTriage.SiteTotals outside = outsideTlabSites.get(site);
      sites.add(new AllocationSite(
          site.objectClass(), site.stack(), totals.weightBytes, totals.events, outside == null ? 0 : outside.largestBytes,
          outside == null ? 0 : outside.weightBytes));
    });
    sites.sort(Comparator.comparingLong(AllocationSite::weightBytes).reversed()
        .thenComparing(Comparator.comparingLong(AllocationSite::outsideTlabBytes).reversed())
        .thenComparing(Comparator.comparingLong(AllocationSite::events).reversed())
        .thenComparing(AllocationSite::objectClass));
    return sites;
  }

  private static EventTriage.SiteTotals copy(EventTriage.SiteTotals totals) {
    EventTriage.SiteTotals copy = new EventTriage.SiteTotals();
    copy.add(totals);
    return copy;
  }

  private List<SocketEndpoint> sockets() {
    List<SocketEndpoint> endpoints = new ArrayList<>(sockets.size());
    sockets.forEach((endpoint, totals) -> endpoints.add(new SocketEndpoint(
        endpoint.host(), endpoint.port(), totals.reads, totals.writes, totals.bytesRead, totals.bytesWritten,
        totals.endOfStreamReads, totals.threads.size())));
    endpoints.sort(Comparator.comparingLong((SocketEndpoint e) -> e.reads() + e.writes()).reversed()
        .thenComparing(SocketEndpoint::host).thenComparingInt(SocketEndpoint::port));
    return endpoints;
  }

  private List<StackSamples> cpuSamples() {
    List<StackSamples> samples = new ArrayList<>(cpuSamples.size());
    cpuSamples.forEach((stack, count) -> samples.add(new StackSamples(stack, count[0])));
    samples.sort(Comparator.comparingLong(StackSamples::samples).reversed()
        .thenComparing(s -> s.stack().frames().isEmpty() ? "" : s.stack().frames().get(0).toString()));
    return samples;
  }

  private long exceptionsThrown() {
    if (firstThrowables == null) {
      return -1;
    }
    return Math.max(0, lastThrowables.count() - firstThrowables.count());
  }

  /** In time order; the sort is stable, so events at the same time keep their order. */
  private static <T> List<T> byTime(List<T> events, Function<T, Instant> time) {
    List<T> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(time, Comparator.nullsFirst(Comparator.naturalOrder())));
    return sorted;
  }
}

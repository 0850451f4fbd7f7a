package io.heaplens.jfr;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.jdk.JdkTypeIDs;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

/**
 * Sees every event as JMC parses it, before JMC makes an item of it: counts the events of each
 * type, notes the first and last event time, sums allocations and execution samples per site and
 * stack and socket I/O per remote endpoint, and passes on to JMC only the types that heaplens'
 * views and the chosen JMC rules read. The bulk of a recording (allocation, sampling and socket
 * events, parking, lock and GC phase events) thus never becomes items, which is what keeps a large
 * recording's memory and time bounded.
 *
 * <p>JMC creates a sink per event type and chunk, and parses chunks in parallel; each sink keeps
 * its own sums, read once all chunks are parsed.
 */
final class EventTriage implements IParserExtension {
  private final Predicate<String> keepsItemsOf;
  private final Queue<TypeSink> sinks = new ConcurrentLinkedQueue<>();

  /** @param keepsItemsOf whether JMC makes items of an event type's events */
  EventTriage(Predicate<String> keepsItemsOf) {
    this.keepsItemsOf = keepsItemsOf;
  }

  @Override
  public IEventSinkFactory getEventSinkFactory(IEventSinkFactory items) {
    return new IEventSinkFactory() {
      @Override
      public IEventSink create(
          String identifier, String label, String[] category, String description, List<ValueField> fields) {
        IEventSink next = keepsItemsOf.test(identifier)
            ? items.create(identifier, label, category, description, fields)
            : null;
        TypeSink sink = new TypeSink(identifier, fields, next);
        sinks.add(sink);
        return sink;
      }

      @Override
      public void flush() {
        items.flush();
      }
    };
  }

  /** All sinks, once parsing is done. */
  Iterable<TypeSink> sinks() {
    return sinks;
  }

  /** Sums of the allocations at one site. */
  static final class SiteTotals {
    long weightBytes;
    long events;
    long largestBytes;

    void add(SiteTotals other) {
      weightBytes += other.weightBytes;
      events += other.events;
      largestBytes = Math.max(largestBytes, other.largestBytes);
    }
  }

  /** A remote socket endpoint: its host name, or its address when the name is unknown, and port. */
  record Endpoint(String host, int port) {}

  /** Sums of the socket I/O with one endpoint. */
  static final class SocketTotals {
    long reads;
    long writes;
    long bytesRead;
    long bytesWritten;
    long endOfStreamReads;
    final Set<Long> threads = new HashSet<>();

    void add(SocketTotals other) {
      reads += other.reads;
      writes += other.writes;
      bytesRead += other.bytesRead;
      bytesWritten += other.bytesWritten;
      endOfStreamReads += other.endOfStreamReads;
      threads.addAll(other.threads);
    }
  }

  /** The events of one type in one chunk. */
  static final class TypeSink implements IEventSink {
    final String type;
    long count;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    /**
     * Allocations by stack, then class, from the weight or TLAB field; empty for other types.
     * Keyed by JMC's own trace and class objects, which its events share: the lookup per event
     * allocates nothing, which counts for the millions of TLAB events of a large recording.
     */
    private final Map<Object, Site> allocations = new IdentityHashMap<>();
    /** Execution samples by stack; empty for other types. */
    final Map<Object, long[]> samples = new IdentityHashMap<>();
    /** Socket reads or writes by remote endpoint; empty for other types. */
    final Map<Endpoint, SocketTotals> sockets = new HashMap<>();

    private final IEventSink next;
    private final int startTime;
    private final int duration;
    private final int objectClass;
    private final int stackTrace;
    private final int weight;
    private final boolean sized;
    private final boolean executionSamples;
    private final boolean socketReads;
    private final boolean socketWrites;
    private final int host;
    private final int address;
    private final int port;
    private final int socketBytes;
    private final int endOfStream;
    private final int eventThread;

    TypeSink(String type, List<ValueField> fields, IEventSink next) {
      this.type = type;
      this.next = next;
      startTime = index(fields, "startTime");
      duration = index(fields, "duration");
      objectClass = index(fields, "objectClass");
      stackTrace = index(fields, "stackTrace");
      sized = JdkTypeIDs.ALLOC_OUTSIDE_TLAB.equals(type);
      executionSamples = JdkTypeIDs.EXECUTION_SAMPLE.equals(type);
      socketReads = JdkTypeIDs.SOCKET_READ.equals(type);
      socketWrites = JdkTypeIDs.SOCKET_WRITE.equals(type);
      host = index(fields, "host");
      address = index(fields, "address");
      port = index(fields, "port");
      socketBytes = index(fields, socketReads ? "bytesRead" : "bytesWritten");
      endOfStream = index(fields, "endOfStream");
      eventThread = index(fields, "eventThread");
      weight = switch (type) {
        case JdkTypeIDs.OBJ_ALLOC_SAMPLE -> index(fields, "weight");
        case JdkTypeIDs.ALLOC_INSIDE_TLAB -> index(fields, "tlabSize");
        case JdkTypeIDs.ALLOC_OUTSIDE_TLAB -> index(fields, "allocationSize");
        default -> -1;
      };
    }

    private void addSocketIo(Object[] values) {
      String name = Fields.text(value(values, host));
      if (name == null) {
        name = Fields.text(value(values, address));
      }
      SocketTotals totals = sockets.computeIfAbsent(
          new Endpoint(name == null ? "?" : name, (int) Fields.number(value(values, port), null, -1)),
          key -> new SocketTotals());
      long bytes = Math.max(0, Fields.bytes(value(values, socketBytes), 0));
      if (socketReads) {
        totals.reads++;
        totals.bytesRead += bytes;
        if (Fields.flag(value(values, endOfStream))) {
          totals.endOfStreamReads++;
        }
      } else {
        totals.writes++;
        totals.bytesWritten += bytes;
      }
      totals.threads.add(Fields.javaThreadId(value(values, eventThread)));
    }

    private static Object value(Object[] values, int index) {
      return index >= 0 ? values[index] : null;
    }

    private static int index(List<ValueField> fields, String identifier) {
      for (int i = 0; i < fields.size(); i++) {
        if (identifier.equals(fields.get(i).getIdentifier())) {
          return i;
        }
      }
      return -1;
    }

    boolean isAllocations() {
      return weight >= 0;
    }

    /** The allocations of one class at one stack; the few classes of a stack are chained. */
    private static final class Site {
      final Object objectClass;
      final SiteTotals totals = new SiteTotals();
      final Site next;

      Site(Object objectClass, Site next) {
        this.objectClass = objectClass;
        this.next = next;
      }
    }

    /** Receives each allocation site: JMC's class and trace objects and the sums. */
    interface SiteVisitor {
      void visit(Object objectClass, Object stackTrace, SiteTotals totals);
    }

    private SiteTotals site(Object trace, Object jmcClass) {
      Site first = allocations.get(trace);
      for (Site site = first; site != null; site = site.next) {
        if (site.objectClass == jmcClass) {
          return site.totals;
        }
      }
      Site added = new Site(jmcClass, first);
      allocations.put(trace, added);
      return added.totals;
    }

    void forEachSite(SiteVisitor visitor) {
      allocations.forEach((trace, first) -> {
        for (Site site = first; site != null; site = site.next) {
          visitor.visit(site.objectClass, trace, site.totals);
        }
      });
    }

    @Override
    public void addEvent(Object[] values) {
      count++;
      if (startTime >= 0) {
        long start = Fields.epochNanos(values[startTime], Long.MAX_VALUE);
        if (start != Long.MAX_VALUE) {
          long length = duration >= 0 ? Math.max(0, Fields.number(values[duration], UnitLookup.NANOSECOND, 0)) : 0;
          firstNanos = Math.min(firstNanos, start);
          lastNanos = Math.max(lastNanos, start + length);
        }
      }
      if (weight >= 0) {
        SiteTotals totals = site(stackTrace >= 0 ? values[stackTrace] : null, objectClass >= 0 ? values[objectClass] : null);
        long bytes = Math.max(0, Fields.bytes(values[weight], 0));
        totals.weightBytes += bytes;
        totals.events++;
        if (sized) {
          totals.largestBytes = Math.max(totals.largestBytes, bytes);
        }
      } else if (executionSamples && stackTrace >= 0 && values[stackTrace] != null) {
        samples.computeIfAbsent(values[stackTrace], key -> new long[1])[0]++;
      } else if (socketReads || socketWrites) {
        addSocketIo(values);
      }
      if (next != null) {
        next.addEvent(values);
      }
    }
  }
}

package io.heaplens.jfr;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.jdk.JdkTypeIDs;
import org.openjdk.jmc.flightrecorder.parser.IEventSink;
import org.openjdk.jmc.flightrecorder.parser.IEventSinkFactory;
import org.openjdk.jmc.flightrecorder.parser.IParserExtension;
import org.openjdk.jmc.flightrecorder.parser.ValueField;

/**
 * Sees every event as JMC parses it, before JMC makes an item of it: counts the events of each
 * type, notes the first and last event time, sums allocations and execution samples per site and
 * stack, and passes on to JMC only the types that heaplens' views and the chosen JMC rules read.
 * The bulk of a recording (allocation and sampling events, parking, lock and GC phase events)
 * thus never becomes items, which is what keeps a large recording's memory and time bounded.
 *
 * <p>JMC creates a sink per event type and chunk, and parses chunks in parallel; each sink keeps
 * its own sums, read once all chunks are parsed.
 */
final class EventTriage implements IParserExtension {
  private final Set<String> itemTypes;
  private final Queue<TypeSink> sinks = new ConcurrentLinkedQueue<>();

  /** @param itemTypes the types JMC makes items of; null for all */
  EventTriage(Set<String> itemTypes) {
    this.itemTypes = itemTypes;
  }

  @Override
  public IEventSinkFactory getEventSinkFactory(IEventSinkFactory items) {
    return new IEventSinkFactory() {
      @Override
      public IEventSink create(
          String identifier, String label, String[] category, String description, List<ValueField> fields) {
        IEventSink next = itemTypes == null || itemTypes.contains(identifier)
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

  /** Pairs of JMC constants compared by identity: JMC shares them among a chunk's events. */
  record IdentityPair(Object first, Object second) {
    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityPair pair && pair.first == first && pair.second == second;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(first) * 31 + System.identityHashCode(second);
    }
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

  /** The events of one type in one chunk. */
  static final class TypeSink implements IEventSink {
    final String type;
    long count;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    /** Allocations by (class, stack), from the weight or TLAB field; empty for other types. */
    final Map<IdentityPair, SiteTotals> allocations = new HashMap<>();
    /** Execution samples by stack; empty for other types. */
    final Map<Object, long[]> samples = new IdentityHashMap<>();

    private final IEventSink next;
    private final int startTime;
    private final int duration;
    private final int objectClass;
    private final int stackTrace;
    private final int weight;
    private final boolean sized;
    private final boolean executionSamples;

    TypeSink(String type, List<ValueField> fields, IEventSink next) {
      this.type = type;
      this.next = next;
      startTime = index(fields, "startTime");
      duration = index(fields, "duration");
      objectClass = index(fields, "objectClass");
      stackTrace = index(fields, "stackTrace");
      sized = JdkTypeIDs.ALLOC_OUTSIDE_TLAB.equals(type);
      executionSamples = JdkTypeIDs.EXECUTION_SAMPLE.equals(type);
      weight = switch (type) {
        case JdkTypeIDs.OBJ_ALLOC_SAMPLE -> index(fields, "weight");
        case JdkTypeIDs.ALLOC_INSIDE_TLAB -> index(fields, "tlabSize");
        case JdkTypeIDs.ALLOC_OUTSIDE_TLAB -> index(fields, "allocationSize");
        default -> -1;
      };
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
        Object site = stackTrace >= 0 ? values[stackTrace] : null;
        SiteTotals totals = allocations.computeIfAbsent(
            new IdentityPair(objectClass >= 0 ? values[objectClass] : null, site), key -> new SiteTotals());
        long bytes = Math.max(0, Fields.bytes(values[weight], 0));
        totals.weightBytes += bytes;
        totals.events++;
        if (sized) {
          totals.largestBytes = Math.max(totals.largestBytes, bytes);
        }
      } else if (executionSamples && stackTrace >= 0 && values[stackTrace] != null) {
        samples.computeIfAbsent(values[stackTrace], key -> new long[1])[0]++;
      }
      if (next != null) {
        next.addEvent(values);
      }
    }
  }
}

package io.heaplens.jfr;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemCollectionToolkit;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.IRange;
import org.openjdk.jmc.flightrecorder.internal.EventArray;
import org.openjdk.jmc.flightrecorder.internal.EventArrays;

/**
 * The events JMC made items of, one array per event type, as an item collection for heaplens'
 * views and JMC's rules. Once cancelled, every iteration over the collection fails: that is how
 * rules still running at their deadline are stopped.
 */
final class LoadedEvents {
  private final List<EventArray> arrays;
  private final Set<IRange<IQuantity>> chunkRanges;
  private volatile boolean cancelled;

  LoadedEvents(EventArrays events) {
    this.arrays = List.of(events.getArrays());
    this.chunkRanges = events.getChunkTimeranges();
  }

  IItemCollection collection() {
    return ItemCollectionToolkit.build(() -> arrays.stream().map(array -> new ArrayIterable(array, null)), chunkRanges);
  }

  /** Makes every iteration over the collection fail from now on. */
  void cancel() {
    cancelled = true;
  }

  /** One type's events, optionally filtered. */
  private final class ArrayIterable implements IItemIterable {
    private final EventArray array;
    private final Predicate<IItem> filter;

    ArrayIterable(EventArray array, Predicate<IItem> filter) {
      this.array = array;
      this.filter = filter;
    }

    @Override
    public IType<IItem> getType() {
      return array.getType();
    }

    @Override
    public boolean hasItems() {
      return iterator().hasNext();
    }

    @Override
    public long getItemCount() {
      if (filter == null) {
        return array.getEvents().length;
      }
      long count = 0;
      for (Iterator<IItem> items = iterator(); items.hasNext(); items.next()) {
        count++;
      }
      return count;
    }

    @Override
    public IItemIterable apply(Predicate<IItem> more) {
      return new ArrayIterable(array, filter == null ? more : filter.and(more));
    }

    @Override
    public Iterator<IItem> iterator() {
      IItem[] events = array.getEvents();
      return new Iterator<>() {
        private int next = advance(0);

        private int advance(int from) {
          int at = from;
          while (at < events.length && filter != null && !filter.test(events[at])) {
            at++;
          }
          return at;
        }

        @Override
        public boolean hasNext() {
          if (cancelled) {
            throw new CancellationException("the time budget of JMC's rules is spent");
          }
          return next < events.length;
        }

        @Override
        public IItem next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          IItem event = events[next];
          next = advance(next + 1);
          return event;
        }
      };
    }
  }
}

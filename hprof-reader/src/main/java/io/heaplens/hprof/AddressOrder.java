package io.heaplens.hprof;

import java.util.Arrays;

/**
 * Walks the first pass's objects in address order (identifiers are addresses in HotSpot dumps),
 * handing each object with the one that follows it in memory: the distance between the two is,
 * most of the time, the first one's size.
 *
 * <p>File order is not address order: HotSpot writes class objects in CLASS DUMP records of their
 * own, before the other objects, so in file order the object before a class object in memory
 * seems to stretch over it. The other objects come in address order, region by region, so they
 * form a long ascending <em>main</em> sequence and a few <em>exceptions</em> (the class objects,
 * and any object whose identifier is not above the main sequence's last). Only the exceptions are
 * sorted, then merged into the main sequence on every walk: 12 bytes per exception, nothing per
 * object of the main sequence.
 */
final class AddressOrder {
  /** Receives one object and the next object in address order. */
  interface NeighbourVisitor {
    /**
     * @param object the dense index (file order) of an object
     * @param next the dense index of the object at the next higher address
     * @param distance the difference of their identifiers (positive)
     * @return false to stop the walk
     */
    boolean visit(int object, int next, long distance);
  }

  private final FirstPass pass;
  /** Exceptions' dense indexes, sorted by identifier. */
  private final int[] exceptionsByAddress;

  private AddressOrder(FirstPass pass, int[] exceptionsByAddress) {
    this.pass = pass;
    this.exceptionsByAddress = exceptionsByAddress;
  }

  /** Finds and sorts the exceptions of the first pass's objects. */
  static AddressOrder of(FirstPass pass) {
    GrowableInts exceptions = new GrowableInts(1024);
    int n = pass.objectCount();
    long last = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long id = pass.ids.get(i);
      if (isException(pass, i, id, last)) {
        exceptions.add(i);
      } else {
        last = id;
      }
    }
    int[] dense = exceptions.toArray();
    long[] sortedIds = new long[dense.length];
    for (int e = 0; e < dense.length; e++) {
      sortedIds[e] = pass.ids.get(dense[e]);
    }
    Arrays.sort(sortedIds);
    int[] byAddress = new int[dense.length];
    Arrays.fill(byAddress, -1);
    for (int object : dense) {
      int rank = Arrays.binarySearch(sortedIds, pass.ids.get(object));
      // Equal identifiers (a corrupt dump, rejected later) share a rank: step to a free one.
      while (byAddress[rank] >= 0) {
        rank = rank + 1 < byAddress.length ? rank + 1 : 0;
      }
      byAddress[rank] = object;
    }
    return new AddressOrder(pass, byAddress);
  }

  /** Visits every object but the highest with its successor in memory, lowest address first. */
  void forEachNeighbour(NeighbourVisitor visitor) {
    int n = pass.objectCount();
    int main = 0;
    long lastMain = Long.MIN_VALUE;
    int exception = 0;
    int previous = -1;
    while (true) {
      while (main < n && isException(pass, main, pass.ids.get(main), lastMain)) {
        main++;
      }
      long mainId = main < n ? pass.ids.get(main) : Long.MAX_VALUE;
      int current;
      if (exception < exceptionsByAddress.length
          && pass.ids.get(exceptionsByAddress[exception]) < mainId) {
        current = exceptionsByAddress[exception++];
      } else if (main < n) {
        current = main++;
        lastMain = mainId;
      } else {
        return;
      }
      if (previous >= 0) {
        long distance = pass.ids.get(current) - pass.ids.get(previous);
        if (distance > 0 && !visitor.visit(previous, current, distance)) {
          return;
        }
      }
      previous = current;
    }
  }

  private static boolean isException(FirstPass pass, int object, long id, long lastMain) {
    return pass.classSlots.get(object) == FirstPass.CLASS_OBJECT || id <= lastMain;
  }
}

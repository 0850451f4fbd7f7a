package io.heaplens.rules.memory;

import io.heaplens.hprof.FieldType;
import io.heaplens.hprof.FieldValue;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collection classes of the JDK and common libraries, their element counts and their elements,
 * read from the structure of the dump (library knowledge: field names of well-known classes).
 *
 * <p>A dump class is a collection when it, or one of its superclasses, is one of {@link #CLASSES}
 * by name, or, for library (non-JDK) collections, a copy relocated under a prefix. An application
 * subclass of {@code ArrayList} is a collection too.
 */
final class KnownCollections {
  /** Collection classes by Java name. */
  static final List<String> CLASSES = List.of(
      "java.util.ArrayList", "java.util.LinkedList", "java.util.Vector", "java.util.ArrayDeque",
      "java.util.PriorityQueue", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
      "java.util.Hashtable", "java.util.IdentityHashMap", "java.util.WeakHashMap", "java.util.EnumMap",
      "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
      "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.ConcurrentLinkedQueue",
      "java.util.concurrent.ConcurrentLinkedDeque", "java.util.concurrent.LinkedBlockingQueue",
      "java.util.concurrent.LinkedBlockingDeque", "java.util.concurrent.ArrayBlockingQueue",
      "java.util.concurrent.PriorityBlockingQueue", "java.util.concurrent.LinkedTransferQueue",
      "java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
      "java.util.Collections$SynchronizedCollection", "java.util.Collections$SynchronizedMap",
      "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableMap",
      "java.util.Arrays$ArrayList", "java.util.ImmutableCollections$ListN", "java.util.ImmutableCollections$SetN",
      "java.util.ImmutableCollections$MapN",
      "com.google.common.collect.ArrayListMultimap", "com.google.common.collect.HashMultimap",
      "com.google.common.collect.LinkedListMultimap", "com.google.common.collect.RegularImmutableList",
      "com.google.common.collect.RegularImmutableMap", "com.google.common.collect.EvictingQueue",
      "it.unimi.dsi.fastutil.objects.ObjectArrayList", "it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap",
      "it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap", "it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap",
      "org.eclipse.collections.impl.list.mutable.FastList", "org.eclipse.collections.impl.map.mutable.UnifiedMap",
      "gnu.trove.list.array.TIntArrayList", "gnu.trove.map.hash.THashMap");

  /** Fields holding an element count, tried in this order. */
  private static final List<String> SIZE_FIELDS = List.of("size", "count", "elementCount", "baseCount");
  /** Fields of wrappers and sets pointing to the collection that holds the elements. */
  private static final List<String> DELEGATE_FIELDS = List.of("c", "m", "map", "list", "al", "s", "q");

  private final HeapGraph graph;
  private final BitSet collectionClasses = new BitSet();

  KnownCollections(HeapGraph graph) {
    this.graph = graph;
    for (HeapClass heapClass : graph.classes()) {
      for (HeapClass c = heapClass; c != null; c = c.superclass()) {
        if (isKnownName(c.name())) {
          collectionClasses.set(heapClass.index());
          break;
        }
      }
    }
  }

  /** The dump's collection classes (subclasses included). */
  List<HeapClass> classes() {
    List<HeapClass> result = new ArrayList<>();
    for (int cls = collectionClasses.nextSetBit(0); cls >= 0; cls = collectionClasses.nextSetBit(cls + 1)) {
      result.add(graph.classes().get(cls));
    }
    return result;
  }

  /** Whether the object is an instance of a collection class. */
  boolean isCollection(int object) {
    return graph.kind(object) == ObjectKind.INSTANCE && collectionClasses.get(graph.classOf(object).index());
  }

  /**
   * The number of elements (entries for maps) as the collection records it, or -1 if this
   * collection's layout is unknown.
   */
  long size(int collection) {
    return size(collection, 0);
  }

  private long size(int collection, int depth) {
    for (String field : SIZE_FIELDS) {
      Optional<FieldValue> value = graph.field(collection, field);
      if (value.isPresent()) {
        FieldValue v = value.get();
        if (v.type() != FieldType.OBJECT) {
          long count = v.asNumber();
          if (field.equals("baseCount")) {
            count += counterCells(collection);
          }
          return count;
        }
        if (v.object() >= 0) {
          // LinkedBlockingQueue.count is an AtomicInteger.
          Optional<FieldValue> inner = graph.field(v.object(), "value");
          if (inner.isPresent()) {
            return inner.get().asNumber();
          }
        }
      }
    }
    if (depth < 3) {
      for (String field : DELEGATE_FIELDS) {
        int delegate = graph.referenceField(collection, field);
        if (delegate >= 0 && isCollection(delegate)) {
          return size(delegate, depth + 1);
        }
      }
    }
    int head = graph.field(collection, "head").filter(v -> v.type() == FieldType.INT)
        .map(v -> (int) v.asNumber()).orElse(-1);
    int tail = graph.field(collection, "tail").filter(v -> v.type() == FieldType.INT)
        .map(v -> (int) v.asNumber()).orElse(-1);
    int elements = graph.referenceField(collection, "elements");
    if (head >= 0 && tail >= 0 && elements >= 0) {
      int length = graph.arrayLength(elements);
      return ((tail - head) % length + length) % length; // ArrayDeque
    }
    for (String field : List.of("array", "elements", "elementData", "table")) {
      int array = graph.referenceField(collection, field);
      if (array >= 0 && graph.kind(array) == ObjectKind.OBJECT_ARRAY) {
        return nonNull(graph.objectArrayElements(array));
      }
    }
    return -1;
  }

  private long counterCells(int map) {
    int cells = graph.referenceField(map, "counterCells");
    long sum = 0;
    if (cells >= 0) {
      for (int cell : graph.objectArrayElements(cells)) {
        if (cell >= 0) {
          sum += graph.field(cell, "value").map(FieldValue::asNumber).orElse(0L);
        }
      }
    }
    return sum;
  }

  private static long nonNull(int[] elements) {
    long count = 0;
    for (int element : elements) {
      if (element >= 0) {
        count++;
      }
    }
    return count;
  }

  /**
   * Up to {@code max} elements (keys and values for maps), found by walking the collection's own
   * structure (backing arrays, nodes, entries, delegates) breadth first, visiting at most {@code 8 *
   * max} internal objects.
   */
  int[] sampleElements(int collection, int max) {
    String root = graph.classOf(collection).name();
    Set<Integer> seen = new HashSet<>();
    ArrayDeque<Integer> pending = new ArrayDeque<>();
    pending.add(collection);
    seen.add(collection);
    List<Integer> elements = new ArrayList<>();
    int visits = 0;
    while (!pending.isEmpty() && elements.size() < max && visits < 8 * max) {
      int node = pending.poll();
      visits++;
      for (int target : graph.outboundReferences(node)) {
        if (!seen.add(target) || graph.kind(target) == ObjectKind.CLASS) {
          continue;
        }
        if (isInternal(target, root)) {
          pending.add(target);
        } else if (elements.size() < max) {
          elements.add(target);
        }
      }
    }
    return elements.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether an object is part of a collection's structure rather than one of its elements. */
  private boolean isInternal(int object, String rootClass) {
    HeapClass heapClass = graph.classOf(object);
    String name = heapClass.name();
    if (graph.kind(object) == ObjectKind.OBJECT_ARRAY) {
      String element = name.substring(0, name.length() - 2);
      return element.equals("java.lang.Object") || element.contains("$") && isStructureClass(element, rootClass);
    }
    return isCollection(object) || isStructureClass(name, rootClass);
  }

  /** Nested classes of collections ({@code HashMap$Node}, {@code LinkedList$Node}, {@code TreeMap$Entry}). */
  private boolean isStructureClass(String name, String rootClass) {
    int dollar = name.indexOf('$');
    if (dollar < 0) {
      return false;
    }
    String outer = name.substring(0, dollar);
    return outer.equals(rootClass) || isKnownName(outer);
  }

  private static boolean isKnownName(String name) {
    for (String known : CLASSES) {
      if (name.equals(known) || !known.startsWith("java.") && name.endsWith("." + known)) {
        return true;
      }
    }
    return false;
  }
}

package io.heaplens.hprof;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * An indexed heap dump: every object by dense index ({@code 0 .. objectCount() - 1}, the order of
 * the dump), its class, shallow and retained size, references both ways, dominator, GC roots,
 * threads, and field values read on demand from the file. Obtain one with {@link
 * HprofReader#open}; close it to release the file.
 *
 * <p>Sizes follow {@link ObjectLayout}. Retained size is exact: the shallow size of everything the
 * object dominates in the graph from all GC roots. Objects no GC root reaches have retained size 0.
 */
public final class HeapGraph implements Closeable {
  DumpInfo info;
  final List<HeapClass> classes;
  private final Map<String, HeapClass> classesByName = new HashMap<>();
  private final Map<Integer, HeapClass> classesByObject = new HashMap<>();
  final HeapClass javaLangClass;
  final IdIndex ids;
  final int[] classOf;
  final int[] sizeIn8Bytes;
  final ReferenceGraph outbound;
  final InboundReferences inbound;
  final DominatorTree dominators;
  final RetainedSizes retained;
  final List<GcRoot> gcRoots;
  final int[] rootObjects;
  private final BitSet isRoot;
  final ObjectReader reader;
  private final SpillFile indexFile;
  private final Runnable onClose;
  private List<HeapThread> threads = List.of();
  private Map<Integer, List<GcRootKind>> rootKindsByObject;
  private ShortestPaths shortestPaths;
  private InstancesByClass instancesByClass;
  private long[] retainedByClass;
  private BitSet classRetainedExact;

  HeapGraph(DumpInfo info, List<HeapClass> classes, int javaLangClass, IdIndex ids, int[] classOf, int[] sizeIn8Bytes,
      ReferenceGraph outbound, InboundReferences inbound, DominatorTree dominators, RetainedSizes retained,
      List<GcRoot> gcRoots, int[] rootObjects, BitSet isRoot, ObjectReader reader, SpillFile indexFile,
      Runnable onClose) {
    this.info = info;
    this.classes = Collections.unmodifiableList(classes);
    this.javaLangClass = classes.get(javaLangClass);
    this.ids = ids;
    this.classOf = classOf;
    this.sizeIn8Bytes = sizeIn8Bytes;
    this.outbound = outbound;
    this.inbound = inbound;
    this.dominators = dominators;
    this.retained = retained;
    this.gcRoots = List.copyOf(gcRoots);
    this.rootObjects = rootObjects;
    this.isRoot = isRoot;
    this.reader = reader;
    this.indexFile = indexFile;
    this.onClose = onClose;
    for (HeapClass heapClass : classes) {
      classesByName.putIfAbsent(heapClass.name(), heapClass);
      if (heapClass.objectIndex() >= 0) {
        classesByObject.put(heapClass.objectIndex(), heapClass);
      }
    }
  }

  /** Facts about the dump file. */
  public DumpInfo info() {
    return info;
  }

  void addWarning(String warning) {
    info = info.withWarning(warning);
  }

  /** Number of objects: instances, arrays and class objects. */
  public int objectCount() {
    return classOf.length;
  }

  /** All classes, by {@link HeapClass#index()}. */
  public List<HeapClass> classes() {
    return classes;
  }

  /** A class by Java name ({@code java.util.HashMap}, {@code byte[]}); the first if several loaders. */
  public Optional<HeapClass> findClass(String javaName) {
    return Optional.ofNullable(classesByName.get(javaName));
  }

  /** All classes with this Java name (one per class loader that defined it). */
  public List<HeapClass> findClasses(String javaName) {
    List<HeapClass> result = new ArrayList<>();
    for (HeapClass heapClass : classes) {
      if (heapClass.name().equals(javaName)) {
        result.add(heapClass);
      }
    }
    return result;
  }

  /** The identifier (address) of an object in the dump. */
  public long objectId(int object) {
    return ids.idOf(object);
  }

  /** The dense index of the object with this identifier, or -1. */
  public int indexOf(long objectId) {
    return ids.indexOf(objectId);
  }

  /** The object's class ({@code java.lang.Class} for class objects). */
  public HeapClass classOf(int object) {
    return classes.get(classOf[object]);
  }

  /** For a class object, the class it represents; else null. */
  public HeapClass classRepresentedBy(int object) {
    return classesByObject.get(object);
  }

  /** What kind of record the object is. */
  public ObjectKind kind(int object) {
    HeapClass heapClass = classOf(object);
    if (heapClass == javaLangClass) {
      return ObjectKind.CLASS;
    }
    if (heapClass.primitiveElementType() != null) {
      return ObjectKind.PRIMITIVE_ARRAY;
    }
    return heapClass.isArray() ? ObjectKind.OBJECT_ARRAY : ObjectKind.INSTANCE;
  }

  /** Shallow size in bytes (see {@link ObjectLayout}). */
  public long shallowSize(int object) {
    return (long) sizeIn8Bytes[object] << 3;
  }

  /** Retained size in bytes: what would be freed if this object became unreachable. */
  public long retainedSize(int object) {
    return retained.get(object);
  }

  /**
   * Retained size of a set of objects: what would be freed if all of them became unreachable. Not
   * the sum of their retained sizes: members may dominate one another, and an object held only by
   * several members together is retained by the set but by none of them alone. Exact, by marking
   * what stays reachable without the set: O(objects + references), under a second on a dump of ten
   * million objects.
   */
  public long retainedSize(int[] objects) {
    return setRetention().retainedSize(objects);
  }

  /**
   * Retained size of all instances of each class as one set, by class index. Exact for classes
   * whose instances hold no references or that have one instance, and, by marking (see {@link
   * #retainedSize(int[])}), for the others in decreasing order of size while the markings have
   * visited fewer objects and references than the graph holds (or {@value
   * #CLASS_RETENTION_MIN_VISITS}, so small dumps are exact throughout); a marking that would visit
   * more than half the graph is given up. For the classes left, a lower bound (the retained sizes of the instances no other instance
   * dominates, summed). {@link #isClassRetainedSizeExact(int)} tells which.
   */
  public synchronized long[] retainedSizeByClass() {
    if (retainedByClass == null) {
      computeRetainedByClass();
    }
    return retainedByClass.clone();
  }

  /** Whether {@link #retainedSizeByClass()} is exact for this class rather than a lower bound. */
  public synchronized boolean isClassRetainedSizeExact(int classIndex) {
    if (retainedByClass == null) {
      computeRetainedByClass();
    }
    return classRetainedExact.get(classIndex);
  }

  /** Visits the class histogram's exact retained sizes may always spend, however small the dump. */
  public static final long CLASS_RETENTION_MIN_VISITS = 20_000_000L;

  /** Which classes {@link #retainedSizeByClass()} is exact for. */
  synchronized BitSet classRetainedExact() {
    if (retainedByClass == null) {
      computeRetainedByClass();
    }
    return (BitSet) classRetainedExact.clone();
  }

  /** Retained sizes by class as computed before (read from a kept index). */
  synchronized void setRetainedByClass(long[] bytes, BitSet exact) {
    retainedByClass = bytes;
    classRetainedExact = exact;
  }

  private void computeRetainedByClass() {
    RetainedByClass.Histogram histogram = RetainedByClass.withSets(this);
    retainedByClass = histogram.bytes();
    classRetainedExact = histogram.exact();
  }

  SetRetention setRetention() {
    return new SetRetention(outbound, rootObjects, sizeIn8Bytes, dominators.dominator);
  }

  /** Whether some GC root reaches the object. */
  public boolean isReachable(int object) {
    return dominators.dominator[object] != DominatorTree.UNREACHABLE;
  }

  /**
   * The immediate dominator's index; -1 when only the set of GC roots as a whole dominates the
   * object (GC roots themselves, for example); -2 when the object is unreachable.
   */
  public int immediateDominator(int object) {
    return dominators.dominator[object];
  }

  /**
   * For each of {@code parents} (objects, or -1 for the virtual root above the GC roots), the
   * objects it immediately dominates that retain the most, at most {@code limit}, largest first.
   * One pass over all objects, whatever the number of parents.
   */
  public Map<Integer, int[]> dominatedChildren(int[] parents, int limit) {
    Map<Integer, PriorityQueue<Integer>> largest = new HashMap<>();
    Comparator<Integer> byRetained = Comparator.comparingLong(this::retainedSize);
    for (int parent : parents) {
      largest.put(parent, new PriorityQueue<>(byRetained));
    }
    for (int object = 0; object < classOf.length; object++) {
      PriorityQueue<Integer> queue = largest.get(dominators.dominator[object]);
      if (queue != null) {
        queue.add(object);
        if (queue.size() > limit) {
          queue.poll();
        }
      }
    }
    Map<Integer, int[]> result = new HashMap<>();
    largest.forEach((parent, queue) -> {
      int[] children = new int[queue.size()];
      for (int i = children.length - 1; i >= 0; i--) {
        children[i] = queue.poll();
      }
      result.put(parent, children);
    });
    return result;
  }

  /** Objects this object references (fields, array elements, statics; its class if not a root). */
  public int[] outboundReferences(int object) {
    return outbound.referencesOf(object);
  }

  /** Objects that reference this object (read from the index file: a few microseconds). */
  public int[] inboundReferences(int object) {
    return inbound.referencesOf(object);
  }

  /** Number of references between objects in the graph. */
  public long referenceCount() {
    return outbound.referenceCount();
  }

  /** All GC root records, resolved to objects. */
  public List<GcRoot> gcRoots() {
    return gcRoots;
  }

  /** Distinct objects that are GC roots. */
  public int[] gcRootObjects() {
    return rootObjects.clone();
  }

  /** The kinds of the GC root records that point at the object (empty if it is no root). */
  public synchronized List<GcRootKind> rootKinds(int object) {
    if (rootKindsByObject == null) {
      rootKindsByObject = new HashMap<>();
      for (GcRoot root : gcRoots) {
        List<GcRootKind> kinds = rootKindsByObject.computeIfAbsent(root.object(), o -> new ArrayList<>());
        if (!kinds.contains(root.kind())) {
          kinds.add(root.kind());
        }
      }
    }
    return List.copyOf(rootKindsByObject.getOrDefault(object, List.of()));
  }

  /**
   * How {@code from} references {@code to}, for reading a path: a field name ({@code table}), an
   * array slot ({@code [12]}), a static field ({@code static cache}), {@code <class>}, or the stack
   * frame of a thread holding a local; null if {@code from} does not reference {@code to}.
   */
  public String describeReference(int from, int to) {
    return ReferenceNames.describe(this, from, to);
  }

  /** Whether the object is a GC root. */
  public boolean isGcRoot(int object) {
    return isRoot.get(object);
  }

  /** Threads with their names, states and stacks, in dump order. */
  public List<HeapThread> threads() {
    return threads;
  }

  void setThreads(List<HeapThread> value) {
    threads = value;
  }

  /**
   * A shortest chain of references from a GC root to the object: the root first, the object last;
   * empty if no root reaches it.
   */
  public synchronized int[] pathFromGcRoot(int object) {
    if (!isReachable(object)) {
      return new int[0];
    }
    if (shortestPaths == null) {
      shortestPaths = new ShortestPaths(outbound, inbound::referencesOf, rootObjects, indexFile);
    }
    return shortestPaths.pathTo(object);
  }

  /** Dense indexes of all instances of a class (arrays too), optionally with its subclasses'. */
  public synchronized int[] instancesOf(HeapClass heapClass, boolean includeSubclasses) {
    if (instancesByClass == null) {
      instancesByClass = new InstancesByClass(classOf, classes.size(), indexFile);
    }
    if (!includeSubclasses) {
      return instancesByClass.of(heapClass.index());
    }
    List<int[]> parts = new ArrayList<>();
    List<HeapClass> pending = new ArrayList<>(List.of(heapClass));
    int total = 0;
    while (!pending.isEmpty()) {
      HeapClass next = pending.remove(pending.size() - 1);
      int[] part = instancesByClass.of(next.index());
      parts.add(part);
      total += part.length;
      pending.addAll(next.subclasses());
    }
    int[] result = new int[total];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    Arrays.sort(result);
    return result;
  }

  /**
   * An instance field's value by name, searching the object's class then its superclasses; empty
   * if no such field. For a class object, its static fields.
   */
  public Optional<FieldValue> field(int object, String name) {
    if (kind(object) == ObjectKind.CLASS) {
      HeapClass represented = classRepresentedBy(object);
      return represented == null ? Optional.empty() : staticField(represented, name);
    }
    if (kind(object) != ObjectKind.INSTANCE) {
      return Optional.empty();
    }
    int idSize = info.idSize();
    int offset = 0;
    for (HeapClass c = classOf(object); c != null; c = c.superclass()) {
      for (FieldDescriptor field : c.declaredFields()) {
        if (field.name().equals(name)) {
          ByteBuffer data = reader.instanceData(object);
          if (offset + field.type().sizeInDump(idSize) > data.limit()) {
            return Optional.empty(); // the record is shorter than its class says
          }
          return Optional.of(valueAt(data, offset, field.type()));
        }
        offset += field.type().sizeInDump(idSize);
      }
    }
    return Optional.empty();
  }

  /** A static field's value by name. */
  public Optional<FieldValue> staticField(HeapClass heapClass, String name) {
    for (StaticField field : heapClass.staticFields()) {
      if (field.name().equals(name)) {
        return Optional.of(field.value());
      }
    }
    return Optional.empty();
  }

  /** The object referenced by a field, or -1 for null, a missing field or a primitive field. */
  public int referenceField(int object, String name) {
    return field(object, name).filter(v -> v.type() == FieldType.OBJECT).map(FieldValue::object).orElse(-1);
  }

  /** The number of elements of an array, or -1 for other objects. */
  public int arrayLength(int object) {
    ObjectKind kind = kind(object);
    return kind == ObjectKind.OBJECT_ARRAY || kind == ObjectKind.PRIMITIVE_ARRAY
        ? reader.arrayLength(object) : -1;
  }

  /** The elements of an object array as dense indexes (-1 for null or missing). */
  public int[] objectArrayElements(int object) {
    long[] elementIds = reader.objectArrayElements(object);
    int[] result = new int[elementIds.length];
    for (int i = 0; i < elementIds.length; i++) {
      result[i] = elementIds[i] == 0 ? -1 : ids.indexOf(elementIds[i]);
    }
    return result;
  }

  /**
   * The contents of a {@code java.lang.String} (Latin-1 or UTF-16 compact strings, or a pre-JDK 9
   * {@code char[]} value), of a {@code char[]} or of a {@code byte[]} read as Latin-1, cut to
   * {@code maxChars}; null if the object is none of these or its value is missing.
   */
  public String readString(int object, int maxChars) {
    HeapClass heapClass = classOf(object);
    if (heapClass.primitiveElementType() == FieldType.CHAR) {
      return decodeChars(reader.primitiveArray(object, maxChars), ByteOrder.BIG_ENDIAN);
    }
    if (heapClass.primitiveElementType() == FieldType.BYTE) {
      return decodeLatin1(reader.primitiveArray(object, maxChars));
    }
    if (!heapClass.name().equals("java.lang.String")) {
      return null;
    }
    int value = referenceField(object, "value");
    if (value < 0) {
      return null;
    }
    FieldType element = classOf(value).primitiveElementType();
    if (element == FieldType.CHAR) {
      return decodeChars(reader.primitiveArray(value, maxChars), ByteOrder.BIG_ENDIAN);
    }
    if (element != FieldType.BYTE) {
      return null;
    }
    boolean utf16 = field(object, "coder").map(v -> v.asNumber() == 1).orElse(false);
    if (utf16) {
      // Compact strings keep UTF-16 in the dumping machine's byte order: little-endian on x86 and ARM.
      return decodeChars(reader.primitiveArray(value, maxChars * 2), ByteOrder.LITTLE_ENDIAN);
    }
    return decodeLatin1(reader.primitiveArray(value, maxChars));
  }

  @Override
  public void close() throws IOException {
    onClose.run();
  }

  private FieldValue valueAt(ByteBuffer data, int offset, FieldType type) {
    long bits;
    switch (type.sizeInDump(info.idSize())) {
      case 1: bits = data.get(offset) & 0xFF; break;
      case 2: bits = data.getShort(offset) & 0xFFFF; break;
      case 4: bits = data.getInt(offset) & 0xFFFFFFFFL; break;
      default: bits = data.getLong(offset); break;
    }
    if (type == FieldType.OBJECT) {
      return new FieldValue(type, bits, bits == 0 ? -1 : ids.indexOf(bits));
    }
    return new FieldValue(type, bits, -1);
  }

  private static String decodeChars(ByteBuffer bytes, ByteOrder order) {
    bytes.order(order);
    StringBuilder text = new StringBuilder(bytes.remaining() / 2);
    while (bytes.remaining() >= 2) {
      text.append(bytes.getChar());
    }
    return text.toString();
  }

  private static String decodeLatin1(ByteBuffer bytes) {
    byte[] text = new byte[bytes.remaining()];
    bytes.get(text);
    return new String(text, StandardCharsets.ISO_8859_1);
  }
}

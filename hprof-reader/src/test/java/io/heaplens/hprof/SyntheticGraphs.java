package io.heaplens.hprof;

import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import io.heaplens.fixtures.InstanceFieldValues;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small heap dumps of known shape, written with {@link HprofWriter}: the object graph is described
 * by a {@link Spec} (objects by name, their references, GC roots, threads with stack locals), then
 * written in any {@link Format}. Every object gets a name; {@link Written#ids()} maps names to the
 * identifiers written, so a test finds each object in the {@link HeapGraph} with {@link
 * Written#index}.
 *
 * <p>Classes: {@code java.lang.Object}, {@code java.lang.Class}, {@code java.lang.Object[]}, {@code
 * byte[]}, {@value #NODE_CLASS} (reference fields {@code a b c d}, an {@code int payload}, and one
 * static reference per {@link Spec#nodeStatic}) and, when the spec has threads, {@code
 * java.lang.String} and {@code java.lang.Thread}. The system classes are always sticky-class roots;
 * the node class only when {@link Spec#nodeClassSticky} says so, else it is reached through its
 * instances.
 */
final class SyntheticGraphs {
  static final String NODE_CLASS = "com.example.graph.Node";
  static final String[] REFERENCE_FIELDS = {"a", "b", "c", "d"};
  static final long TIMESTAMP = 1_700_000_000_123L;

  private SyntheticGraphs() {}

  // ---- the model ---------------------------------------------------------------------------

  enum Kind { NODE, ARRAY, BYTES }

  enum RootKind { JNI_GLOBAL, UNKNOWN, MONITOR_USED }

  /** One object: a node (at most four references), an Object[] (any number) or a byte[] leaf. */
  record Obj(String name, Kind kind, List<String> refs, int payloadOrLength) {}

  record Root(RootKind kind, String object) {}

  /** A thread: its object is named {@code <name>.thread}, its name string {@code <name>.name}. */
  record ThreadSpec(String name, List<List<String>> localsByFrame) {
    String threadObject() {
      return name + ".thread";
    }

    String nameString() {
      return name + ".name";
    }

    String nameBytes() {
      return name + ".name.value";
    }
  }

  /** An object graph to write. */
  static final class Spec {
    final String name;
    final List<Obj> objects = new ArrayList<>();
    final Map<String, Obj> byName = new LinkedHashMap<>();
    final List<Root> roots = new ArrayList<>();
    final List<ThreadSpec> threads = new ArrayList<>();
    final List<String> nodeStatics = new ArrayList<>();
    boolean nodeClassSticky = true;

    Spec(String name) {
      this.name = name;
    }

    Spec node(String name, int payload, String... refs) {
      if (refs.length > REFERENCE_FIELDS.length) {
        throw new IllegalArgumentException("a node has at most 4 references: " + name);
      }
      return add(new Obj(name, Kind.NODE, List.of(refs), payload));
    }

    Spec array(String name, String... refs) {
      return add(new Obj(name, Kind.ARRAY, List.of(refs), refs.length));
    }

    Spec bytes(String name, int length) {
      return add(new Obj(name, Kind.BYTES, List.of(), length));
    }

    Spec root(RootKind kind, String object) {
      roots.add(new Root(kind, object));
      return this;
    }

    /** A thread whose frame {@code k} (0 = top) holds the objects of {@code localsByFrame[k]}. */
    Spec thread(String name, List<List<String>> localsByFrame) {
      threads.add(new ThreadSpec(name, localsByFrame));
      return this;
    }

    /** A static reference field of the node class pointing at {@code object}. */
    Spec nodeStatic(String object) {
      nodeStatics.add(object);
      return this;
    }

    Spec nodeClassSticky(boolean value) {
      nodeClassSticky = value;
      return this;
    }

    private Spec add(Obj obj) {
      if (byName.put(obj.name(), obj) != null) {
        throw new IllegalArgumentException("duplicate object name " + obj.name());
      }
      objects.add(obj);
      return this;
    }

    int objectCountWithoutClasses() {
      return objects.size() + 3 * threads.size();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // ---- named shapes ------------------------------------------------------------------------

  /** Two roots sharing a chain; each also has something of its own. */
  static Spec sharedSubstructure() {
    return new Spec("shared substructure")
        .node("rootA", 1, "ownA", "shared")
        .node("rootB", 2, "shared", "ownB")
        .bytes("ownA", 100)
        .array("ownB", "ownB.leaf", "ownB.leaf2")
        .node("ownB.leaf", 3)
        .bytes("ownB.leaf2", 7)
        .node("shared", 4, "shared.next", "shared.bytes")
        .node("shared.next", 5, "shared.next.next")
        .node("shared.next.next", 6)
        .bytes("shared.bytes", 1000)
        // a third holder that reaches into the middle of the shared chain
        .node("rootC", 7, "shared.next")
        .root(RootKind.JNI_GLOBAL, "rootA")
        .root(RootKind.JNI_GLOBAL, "rootB")
        .root(RootKind.UNKNOWN, "rootC");
  }

  /** A three-cycle with a tail, a self loop, a cycle entered from two places, two roots on one cycle. */
  static Spec cycles() {
    return new Spec("cycles")
        .node("holder", 1, "c1", "self", "twoDoors.x")
        .node("c1", 2, "c2")
        .node("c2", 3, "c3", "c2.leaf")
        .node("c3", 4, "c1")
        .bytes("c2.leaf", 64)
        .node("self", 5, "self", "self.leaf")
        .bytes("self.leaf", 9)
        .node("twoDoors.x", 6, "twoDoors.y")
        .node("twoDoors.y", 7, "twoDoors.z", "twoDoors.y.leaf")
        .node("twoDoors.z", 8, "twoDoors.x")
        .bytes("twoDoors.y.leaf", 33)
        .node("otherDoor", 9, "twoDoors.z")
        .node("rootedCycle.p", 10, "rootedCycle.q")
        .node("rootedCycle.q", 11, "rootedCycle.p", "rootedCycle.leaf")
        .bytes("rootedCycle.leaf", 200)
        .root(RootKind.JNI_GLOBAL, "holder")
        .root(RootKind.UNKNOWN, "otherDoor")
        .root(RootKind.JNI_GLOBAL, "rootedCycle.p")
        .root(RootKind.MONITOR_USED, "rootedCycle.q");
  }

  /** A diamond, diamonds in a row, and a diamond whose sides are arrays. */
  static Spec diamonds() {
    return new Spec("diamonds")
        .node("top", 1, "left", "right")
        .node("left", 2, "bottom")
        .node("right", 3, "bottom", "right.own")
        .bytes("right.own", 40)
        .node("bottom", 4, "bottom.tail")
        .bytes("bottom.tail", 500)
        // two diamonds in a row: d1 -> (l1, r1) -> d2 -> (l2, r2) -> d3
        .node("d1", 5, "l1", "r1")
        .node("l1", 6, "d2")
        .node("r1", 7, "d2")
        .node("d2", 8, "l2", "r2")
        .node("l2", 9, "d3")
        .node("r2", 10, "d3")
        .node("d3", 11, "d3.bytes")
        .bytes("d3.bytes", 77)
        // sides are arrays, and a wide fan-in of three
        .node("arrTop", 12, "arrLeft", "arrRight", "arrMiddle")
        .array("arrLeft", "arrBottom", "arrLeft.own")
        .array("arrRight", "arrBottom")
        .array("arrMiddle", "arrBottom", "arrBottom")
        .node("arrLeft.own", 13)
        .bytes("arrBottom", 321)
        .root(RootKind.JNI_GLOBAL, "top")
        .root(RootKind.JNI_GLOBAL, "d1")
        .root(RootKind.UNKNOWN, "arrTop");
  }

  /** A reachable part and garbage: isolated objects, a garbage cycle, garbage pointing into the live part. */
  static Spec unreachable() {
    return new Spec("unreachable objects")
        .node("live", 1, "live.child")
        .node("live.child", 2, "live.grandchild")
        .bytes("live.grandchild", 50)
        .node("garbage.lonely", 3)
        .bytes("garbage.bytes", 999)
        .node("garbage.cycle1", 4, "garbage.cycle2")
        .node("garbage.cycle2", 5, "garbage.cycle1", "garbage.cycle.leaf")
        .bytes("garbage.cycle.leaf", 10)
        // garbage referencing live objects must not change what they retain
        .node("garbage.pointer", 6, "live.child", "live.grandchild")
        .array("garbage.array", "live", "garbage.lonely")
        .root(RootKind.JNI_GLOBAL, "live");
  }

  /**
   * Everything at once: shared parts, cycles and diamonds under several kinds of GC roots (sticky
   * classes, JNI globals, a monitor, a node class held only through its instances and with a static
   * field, two threads whose stack frames hold locals, one local shared by both threads and one also
   * held by a global) and some garbage.
   */
  static Spec mixed() {
    Spec spec = new Spec("mixed")
        .nodeClassSticky(false)
        .node("global", 1, "cache", "diamond.top", "shared")
        .array("cache", "cache.e0", "cache.e1", "cache.e2", "shared")
        .node("cache.e0", 2, "cache.e0.bytes")
        .bytes("cache.e0.bytes", 256)
        .node("cache.e1", 3, "cache.e2")
        .node("cache.e2", 4, "cache.e1")
        .node("diamond.top", 5, "diamond.left", "diamond.right")
        .node("diamond.left", 6, "diamond.bottom")
        .node("diamond.right", 7, "diamond.bottom")
        .array("diamond.bottom", "diamond.bottom.bytes")
        .bytes("diamond.bottom.bytes", 1024)
        .node("shared", 8, "shared.bytes")
        .bytes("shared.bytes", 128)
        .node("static.held", 9, "static.held.bytes")
        .bytes("static.held.bytes", 300)
        .node("worker.local0", 10, "worker.local0.bytes", "shared")
        .bytes("worker.local0.bytes", 4000)
        .array("worker.local1", "worker.local1.node")
        .node("worker.local1.node", 11)
        .node("bothThreads.local", 12, "bothThreads.bytes")
        .bytes("bothThreads.bytes", 700)
        .node("alsoGlobal.local", 13, "alsoGlobal.bytes")
        .bytes("alsoGlobal.bytes", 60)
        .node("monitor", 14, "monitor.cycle")
        .node("monitor.cycle", 15, "monitor")
        .node("garbage", 16, "shared", "garbage.bytes")
        .bytes("garbage.bytes", 5000)
        .nodeStatic("static.held")
        .root(RootKind.JNI_GLOBAL, "global")
        .root(RootKind.JNI_GLOBAL, "alsoGlobal.local")
        .root(RootKind.MONITOR_USED, "monitor");
    spec.thread("worker", List.of(
        List.of("worker.local0"),
        List.of("worker.local1", "bothThreads.local"),
        List.of("alsoGlobal.local")));
    spec.thread("idle", List.of(List.of(), List.of("bothThreads.local")));
    return spec;
  }

  /**
   * A seeded random graph of {@code nodes} objects: mostly nodes referencing near neighbours (deep
   * dominator chains) and some random far ones (sharing, cycles), arrays with several references,
   * byte[] leaves; a few roots of different kinds, a thread holding locals, and whatever no root
   * reaches stays garbage.
   */
  static Spec random(long seed, int nodes) {
    Random random = new Random(seed);
    Spec spec = new Spec("random(seed " + seed + ", " + nodes + " objects)");
    String[] names = new String[nodes];
    for (int i = 0; i < nodes; i++) {
      names[i] = "r" + i;
    }
    for (int i = 0; i < nodes; i++) {
      int roll = random.nextInt(10);
      if (roll < 2) {
        spec.bytes(names[i], random.nextInt(300));
      } else if (roll < 3) {
        int count = random.nextInt(9);
        String[] refs = new String[count];
        for (int k = 0; k < count; k++) {
          refs[k] = names[pick(random, i, nodes)];
        }
        spec.array(names[i], refs);
      } else {
        int count = random.nextInt(5);
        String[] refs = new String[count];
        for (int k = 0; k < count; k++) {
          refs[k] = names[pick(random, i, nodes)];
        }
        spec.node(names[i], random.nextInt(), refs);
      }
    }
    spec.root(RootKind.JNI_GLOBAL, names[0]);
    int extraRoots = 2 + random.nextInt(4);
    for (int r = 0; r < extraRoots; r++) {
      RootKind kind = RootKind.values()[random.nextInt(RootKind.values().length)];
      spec.root(kind, names[random.nextInt(nodes)]);
    }
    List<String> frame0 = new ArrayList<>();
    List<String> frame1 = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      frame0.add(names[random.nextInt(nodes)]);
      frame1.add(names[random.nextInt(nodes)]);
    }
    spec.thread("random-worker", List.of(frame0, frame1));
    if (random.nextBoolean()) {
      spec.nodeClassSticky(false).nodeStatic(names[random.nextInt(nodes)]);
    }
    return spec;
  }

  private static int pick(Random random, int from, int nodes) {
    if (random.nextInt(10) < 7) {
      return Math.min(nodes - 1, from + 1 + random.nextInt(4));
    }
    return random.nextInt(nodes);
  }

  /** All named shapes and a few random graphs. */
  static List<Spec> allShapes() {
    List<Spec> shapes = new ArrayList<>(List.of(
        sharedSubstructure(), cycles(), diamonds(), unreachable(), mixed()));
    for (long seed : new long[] {1, 2, 3, 42, 2024}) {
      shapes.add(random(seed, 200 + (int) (seed % 7) * 30));
    }
    return shapes;
  }

  // ---- how to write ------------------------------------------------------------------------

  /** How object identifiers are chosen. */
  enum Ids {
    /** Increasing, 8 apart, in file order (addresses of a sort, but no layout explains the gaps). */
    SEQUENTIAL,
    /** Random, unordered: certainly not addresses. */
    SHUFFLED,
    /**
     * Addresses as HotSpot would assign them for {@link Format#addressLayout}: each object's id is
     * the previous one's plus its size. Only for specs without threads.
     */
    ADDRESSES
  }

  /**
   * @param addressLayout for {@link Ids#ADDRESSES}: {header bytes, reference bytes, 1 if array
   *     elements start 8-aligned else 0}
   */
  record Format(HprofWriter.Version version, int idSize, boolean segmented, int segmentSizeLimit,
      Ids ids, long idSeed, int[] addressLayout) {

    static Format defaults() {
      return new Format(HprofWriter.Version.V1_0_2, 8, true, 1 << 20, Ids.SEQUENTIAL, 0, null);
    }

    Format version(HprofWriter.Version value) {
      return new Format(value, idSize, segmented, segmentSizeLimit, ids, idSeed, addressLayout);
    }

    Format idSize(int value) {
      return new Format(version, value, segmented, segmentSizeLimit, ids, idSeed, addressLayout);
    }

    Format singleHeapDumpRecord() {
      return new Format(version, idSize, false, segmentSizeLimit, ids, idSeed, addressLayout);
    }

    Format segments(int limit) {
      return new Format(version, idSize, true, limit, ids, idSeed, addressLayout);
    }

    Format shuffledIds(long seed) {
      return new Format(version, idSize, segmented, segmentSizeLimit, Ids.SHUFFLED, seed, addressLayout);
    }

    Format addresses(int headerBytes, int referenceBytes, boolean wordAlignedArrays) {
      return new Format(version, idSize, segmented, segmentSizeLimit, Ids.ADDRESSES, idSeed,
          new int[] {headerBytes, referenceBytes, wordAlignedArrays ? 1 : 0});
    }
  }

  /** A written dump: the file, the spec, and the identifier of every named object. */
  record Written(Path file, Spec spec, Map<String, Long> ids, Map<String, Long> classIds) {
    long id(String name) {
      Long id = ids.get(name);
      if (id == null) {
        throw new IllegalArgumentException("no object named " + name + " in " + spec);
      }
      return id;
    }

    /** The object's dense index in the graph read from this file (fails if it is missing). */
    int index(HeapGraph graph, String name) {
      int index = graph.indexOf(id(name));
      if (index < 0) {
        throw new AssertionError("object " + name + " (id 0x" + Long.toHexString(id(name))
            + ") is missing from the graph of " + spec);
      }
      return index;
    }

    /** The name of the object at a dense index, or null for objects the spec does not name (classes). */
    String nameOf(HeapGraph graph, int index) {
      long id = graph.objectId(index);
      for (Map.Entry<String, Long> entry : ids.entrySet()) {
        if (entry.getValue() == id) {
          return entry.getKey();
        }
      }
      for (Map.Entry<String, Long> entry : classIds.entrySet()) {
        if (entry.getValue() == id) {
          return "class " + entry.getKey();
        }
      }
      return null;
    }

    /** Ids of every object the spec names (not classes). */
    List<Long> objectIds() {
      return new ArrayList<>(ids.values());
    }
  }

  static Written write(Spec spec, Path file) {
    return write(spec, file, Format.defaults());
  }

  static Written write(Spec spec, Path file, Format format) {
    try (OutputStream out = Files.newOutputStream(file)) {
      return write(spec, file, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the spec to {@code out} (closed at the end). */
  static Written write(Spec spec, Path file, Format format, OutputStream out) throws IOException {
    try (HprofWriter writer = HprofWriter.open(out, format.version(), format.idSize(), TIMESTAMP)) {
      return new DumpBuilder(spec, file, format, writer).build();
    }
  }

  /** Writes one spec; see {@link #write(Spec, Path, Format)}. */
  private static final class DumpBuilder {
    private final Spec spec;
    private final Path file;
    private final Format format;
    private final HprofWriter writer;
    private final Map<String, Long> ids = new LinkedHashMap<>();
    private final Map<String, Long> classIds = new LinkedHashMap<>();
    private long objectClass, classClass, objectArrayClass, byteArrayClass, nodeClass, stringClass,
        threadClass;

    DumpBuilder(Spec spec, Path file, Format format, HprofWriter writer) {
      this.spec = spec;
      this.file = file;
      this.format = format;
      this.writer = writer;
    }

    Written build() {
      boolean threads = !spec.threads.isEmpty();
      objectClass = loadClass("java/lang/Object");
      classClass = loadClass("java/lang/Class");
      objectArrayClass = loadClass("[Ljava/lang/Object;");
      byteArrayClass = loadClass("[B");
      nodeClass = loadClass(NODE_CLASS.replace('.', '/'));
      if (threads) {
        stringClass = loadClass("java/lang/String");
        threadClass = loadClass("java/lang/Thread");
      }
      for (String field : REFERENCE_FIELDS) {
        writer.utf8(field);
      }
      for (String field : List.of("payload", "value", "hash", "coder", "name", "daemon", "threadStatus")) {
        writer.utf8(field);
      }
      List<Long> staticNames = new ArrayList<>();
      for (int i = 0; i < spec.nodeStatics.size(); i++) {
        staticNames.add(writer.utf8("static" + i));
      }

      // Stack traces come before the heap dump, as in HotSpot dumps.
      int[] traceSerials = new int[spec.threads.size()];
      for (int t = 0; t < spec.threads.size(); t++) {
        ThreadSpec thread = spec.threads.get(t);
        long[] frames = new long[thread.localsByFrame().size()];
        for (int depth = 0; depth < frames.length; depth++) {
          frames[depth] = writer.stackFrame("step" + depth, "()V", "Worker.java",
              writer.classSerial(nodeClass), 10 + depth);
        }
        traceSerials[t] = writer.stackTrace(t + 1, frames);
      }

      assignIds();

      HeapDumpWriter heap = format.segmented()
          ? writer.segmentSizeLimit(format.segmentSizeLimit()).beginHeapDumpSegments()
          : writer.beginHeapDump();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(classClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(objectArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(byteArrayClass).superClass(objectClass).build());
      ClassSpec.Builder node = ClassSpec.builder(nodeClass).superClass(objectClass);
      for (int i = 0; i < spec.nodeStatics.size(); i++) {
        node.staticField(staticNames.get(i), FieldValue.ofObject(id(spec.nodeStatics.get(i))));
      }
      for (String field : REFERENCE_FIELDS) {
        node.instanceField(writer.utf8(field), BasicType.OBJECT);
      }
      node.instanceField(writer.utf8("payload"), BasicType.INT);
      heap.classDump(node.build());
      if (threads) {
        heap.classDump(ClassSpec.builder(stringClass).superClass(objectClass)
            .instanceField(writer.utf8("value"), BasicType.OBJECT)
            .instanceField(writer.utf8("hash"), BasicType.INT)
            .instanceField(writer.utf8("coder"), BasicType.BYTE)
            .build());
        heap.classDump(ClassSpec.builder(threadClass).superClass(objectClass)
            .instanceField(writer.utf8("name"), BasicType.OBJECT)
            .instanceField(writer.utf8("daemon"), BasicType.BOOLEAN)
            .instanceField(writer.utf8("threadStatus"), BasicType.INT)
            .build());
      }

      for (Obj obj : spec.objects) {
        long id = ids.get(obj.name());
        switch (obj.kind()) {
          case NODE: {
            InstanceFieldValues values = heap.fieldsOf(nodeClass);
            for (int k = 0; k < obj.refs().size(); k++) {
              values.set(REFERENCE_FIELDS[k], FieldValue.ofObject(id(obj.refs().get(k))));
            }
            values.set("payload", FieldValue.ofInt(obj.payloadOrLength()));
            heap.instance(id, nodeClass, values);
            break;
          }
          case ARRAY: {
            long[] elements = obj.refs().stream().mapToLong(this::id).toArray();
            heap.objectArray(id, objectArrayClass, elements);
            break;
          }
          case BYTES: {
            byte[] bytes = new byte[obj.payloadOrLength()];
            for (int i = 0; i < bytes.length; i++) {
              bytes[i] = (byte) (i * 31 + 7);
            }
            heap.primitiveArray(id, bytes);
            break;
          }
          default:
            throw new AssertionError(obj.kind());
        }
      }
      for (int t = 0; t < spec.threads.size(); t++) {
        ThreadSpec thread = spec.threads.get(t);
        byte[] name = thread.name().getBytes(StandardCharsets.ISO_8859_1);
        heap.primitiveArray(id(thread.nameBytes()), name);
        heap.instance(id(thread.nameString()), stringClass, heap.fieldsOf(stringClass)
            .set("value", FieldValue.ofObject(id(thread.nameBytes())))
            .set("coder", FieldValue.ofByte((byte) 0)));
        heap.instance(id(thread.threadObject()), threadClass, heap.fieldsOf(threadClass)
            .set("name", FieldValue.ofObject(id(thread.nameString())))
            .set("daemon", FieldValue.ofBoolean(t % 2 == 1))
            .set("threadStatus", FieldValue.ofInt(t % 2 == 0 ? 0x5 : 0x291)));
      }

      for (long system : systemClasses()) {
        heap.rootStickyClass(system);
      }
      if (spec.nodeClassSticky) {
        heap.rootStickyClass(nodeClass);
      }
      long jniRef = 0x7700_0000L;
      for (Root root : spec.roots) {
        switch (root.kind()) {
          case JNI_GLOBAL -> heap.rootJniGlobal(id(root.object()), jniRef += 8);
          case UNKNOWN -> heap.rootUnknown(id(root.object()));
          case MONITOR_USED -> heap.rootMonitorUsed(id(root.object()));
          default -> throw new AssertionError(root.kind());
        }
      }
      for (int t = 0; t < spec.threads.size(); t++) {
        ThreadSpec thread = spec.threads.get(t);
        heap.rootThreadObject(id(thread.threadObject()), t + 1, traceSerials[t]);
        for (int depth = 0; depth < thread.localsByFrame().size(); depth++) {
          for (String local : thread.localsByFrame().get(depth)) {
            heap.rootJavaFrame(id(local), t + 1, depth);
          }
        }
      }
      heap.endHeapDump();
      return new Written(file, spec, Collections.unmodifiableMap(ids), Collections.unmodifiableMap(classIds));
    }

    List<Long> systemClasses() {
      List<Long> system = new ArrayList<>(List.of(objectClass, classClass, objectArrayClass, byteArrayClass));
      if (!spec.threads.isEmpty()) {
        system.add(stringClass);
        system.add(threadClass);
      }
      return system;
    }

    private long loadClass(String jvmName) {
      long id = writer.loadClass(jvmName);
      classIds.put(jvmName.replace('/', '.'), id);
      return id;
    }

    private long id(String name) {
      Long id = ids.get(name);
      if (id == null) {
        throw new IllegalArgumentException("unknown object " + name + " in " + spec);
      }
      return id;
    }

    /** Names every object in file order, then gives each its id by the format's scheme. */
    private void assignIds() {
      List<String> order = new ArrayList<>();
      for (Obj obj : spec.objects) {
        order.add(obj.name());
      }
      for (ThreadSpec thread : spec.threads) {
        order.add(thread.nameBytes());
        order.add(thread.nameString());
        order.add(thread.threadObject());
      }
      switch (format.ids()) {
        case SEQUENTIAL:
          for (String name : order) {
            ids.put(name, writer.newId());
          }
          break;
        case SHUFFLED: {
          Random random = new Random(format.idSeed());
          Set<Long> used = new HashSet<>();
          for (String name : order) {
            long id;
            do {
              id = 0x0100_0000L + 8L * random.nextInt(1 << 24);
            } while (!used.add(id));
            ids.put(name, id);
          }
          break;
        }
        case ADDRESSES: {
          if (!spec.threads.isEmpty()) {
            throw new IllegalArgumentException("address ids are only computed for specs without threads");
          }
          int[] layout = format.addressLayout();
          long address = format.idSize() == 4 ? 0x1000_0000L : 0x7_0000_0000L;
          for (Obj obj : spec.objects) {
            ids.put(obj.name(), address);
            address += sizeOf(obj, layout[0], layout[1], layout[2] == 1);
          }
          break;
        }
        default:
          throw new AssertionError(format.ids());
      }
    }
  }

  /**
   * The HotSpot size of an object of this spec: a node is the header, its int, then four references,
   * each at its natural alignment; arrays are the header and length, the elements from the array
   * base, and the end rounded up to 8.
   */
  static long sizeOf(Obj obj, int headerBytes, int referenceBytes, boolean wordAlignedArrays) {
    switch (obj.kind()) {
      case NODE: {
        long end = alignUp(headerBytes + 4, referenceBytes) + 4L * referenceBytes;
        return alignUp(end, 8);
      }
      case ARRAY: {
        long base = alignUp(headerBytes + 4, wordAlignedArrays ? 8 : referenceBytes);
        return alignUp(base + (long) referenceBytes * obj.refs().size(), 8);
      }
      case BYTES: {
        long base = alignUp(headerBytes + 4, wordAlignedArrays ? 8 : 1);
        return alignUp(base + obj.payloadOrLength(), 8);
      }
      default:
        throw new AssertionError(obj.kind());
    }
  }

  static long alignUp(long value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}

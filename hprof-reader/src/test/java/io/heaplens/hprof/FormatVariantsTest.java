package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import io.heaplens.hprof.SyntheticGraphs.Format;
import io.heaplens.hprof.SyntheticGraphs.Obj;
import io.heaplens.hprof.SyntheticGraphs.Spec;
import io.heaplens.hprof.SyntheticGraphs.Written;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same graph written in every way the format allows reads the same: both format versions, 4- and
 * 8-byte identifiers, one HEAP DUMP record or many segments, gzip; plus what the reader does with
 * several dumps in one file, pre-JDK 9 strings, and identifiers that are (or are not) addresses.
 */
@Timeout(60)
class FormatVariantsTest {

  @TempDir
  Path temp;

  private int files;

  private Written write(Spec spec, Format format) {
    return SyntheticGraphs.write(spec, temp.resolve("dump" + files++ + ".hprof"), format);
  }

  private static HeapGraph open(Path file) throws IOException, HprofFormatException {
    return HprofReader.open(file, ReadOptions.defaults());
  }

  /** Per named object: shallow size, retained size, immediate dominator (as a name), references (as names). */
  private static Map<String, String> facts(Written written, HeapGraph graph, boolean withSizes) {
    Map<String, String> facts = new TreeMap<>();
    for (String name : written.ids().keySet()) {
      int object = written.index(graph, name);
      int dominator = graph.immediateDominator(object);
      String dominatorName = dominator < 0 ? String.valueOf(dominator) : written.nameOf(graph, dominator);
      TreeSet<String> references = Arrays.stream(graph.outboundReferences(object))
          .mapToObj(o -> written.nameOf(graph, o)).collect(Collectors.toCollection(TreeSet::new));
      facts.put(name, (withSizes ? "shallow " + graph.shallowSize(object) + ", retained "
          + graph.retainedSize(object) + ", " : "") + "idom " + dominatorName + ", refs " + references
          + ", class " + graph.classOf(object).name() + ", reachable " + graph.isReachable(object));
    }
    return facts;
  }

  private static void assertSameCounts(HeapGraph expected, HeapGraph actual) {
    assertThat(actual.objectCount()).isEqualTo(expected.objectCount());
    assertThat(actual.referenceCount()).isEqualTo(expected.referenceCount());
    assertThat(actual.gcRoots()).hasSameSizeAs(expected.gcRoots());
    assertThat(actual.gcRootObjects()).hasSameSizeAs(expected.gcRootObjects());
    assertThat(actual.classes().stream().map(HeapClass::name).toList())
        .isEqualTo(expected.classes().stream().map(HeapClass::name).toList());
    assertThat(actual.threads().stream().map(HeapThread::name).toList())
        .isEqualTo(expected.threads().stream().map(HeapThread::name).toList());
  }

  @Test
  void formatVersions101And102ReadTheSame() throws Exception {
    Spec spec = SyntheticGraphs.mixed();
    Written v1 = write(spec, Format.defaults().version(HprofWriter.Version.V1_0_1));
    Written v2 = write(spec, Format.defaults().version(HprofWriter.Version.V1_0_2));
    try (HeapGraph g1 = open(v1.file()); HeapGraph g2 = open(v2.file())) {
      assertThat(g1.info().format()).isEqualTo("JAVA PROFILE 1.0.1");
      assertThat(g2.info().format()).isEqualTo("JAVA PROFILE 1.0.2");
      assertThat(g1.info().timestampMillis()).isEqualTo(SyntheticGraphs.TIMESTAMP);
      assertSameCounts(g2, g1);
      assertThat(facts(v1, g1, true)).isEqualTo(facts(v2, g2, true));
    }
  }

  @Test
  void fourAndEightByteIdentifiersGiveTheSameGraphWithTheirOwnLayouts() throws Exception {
    Spec spec = SyntheticGraphs.mixed();
    Written w4 = write(spec, Format.defaults().idSize(4));
    Written w8 = write(spec, Format.defaults().idSize(8));
    try (HeapGraph g4 = open(w4.file()); HeapGraph g8 = open(w8.file())) {
      assertThat(g4.info().idSize()).isEqualTo(4);
      assertThat(g8.info().idSize()).isEqualTo(8);
      assertSameCounts(g8, g4);
      assertThat(facts(w4, g4, false)).as("same dominator tree, references and reachability")
          .isEqualTo(facts(w8, g8, false));

      ObjectLayout layout4 = g4.info().layout();
      assertThat(layout4.instanceHeaderBytes()).isEqualTo(8);
      assertThat(layout4.referenceBytes()).isEqualTo(4);
      assertThat(layout4.compressedReferences(4)).isFalse();
      ObjectLayout layout8 = g8.info().layout();
      assertThat(layout8.instanceHeaderBytes()).as("the default layout").isEqualTo(12);
      assertThat(layout8.referenceBytes()).isEqualTo(4);
      assertThat(layout8.compressedReferences(8)).isTrue();

      SoftAssertions soft = new SoftAssertions();
      for (Obj obj : spec.objects) {
        soft.assertThat(g4.shallowSize(w4.index(g4, obj.name()))).as("4-byte ids: size of %s", obj)
            .isEqualTo(SyntheticGraphs.sizeOf(obj, 8, 4, false));
        soft.assertThat(g8.shallowSize(w8.index(g8, obj.name()))).as("8-byte ids: size of %s", obj)
            .isEqualTo(SyntheticGraphs.sizeOf(obj, 12, 4, true));
      }
      // Retained sizes follow the same dominator tree, each with its own shallow sizes.
      for (HeapGraph graph : List.of(g4, g8)) {
        long[] subtree = new long[graph.objectCount()];
        for (int object = 0; object < graph.objectCount(); object++) {
          if (!graph.isReachable(object)) {
            continue;
          }
          for (int d = object; d >= 0; d = graph.immediateDominator(d)) {
            subtree[d] += graph.shallowSize(object);
          }
        }
        for (int object = 0; object < graph.objectCount(); object++) {
          soft.assertThat(graph.retainedSize(object)).as("retained size of #%d with %d-byte ids", object,
              graph.info().idSize()).isEqualTo(subtree[object]);
        }
      }
      // A subtree of nodes only has the same sizes under both layouts.
      soft.assertThat(g4.retainedSize(w4.index(g4, "cache.e1")))
          .isEqualTo(g8.retainedSize(w8.index(g8, "cache.e1")));
      soft.assertAll();
    }
  }

  @Test
  void oneHeapDumpRecordAndManySegmentsReadTheSame() throws Exception {
    for (Spec spec : List.of(SyntheticGraphs.mixed(), SyntheticGraphs.random(77, 400))) {
      Written single = write(spec, Format.defaults().singleHeapDumpRecord());
      Written segments = write(spec, Format.defaults());
      Written tinySegments = write(spec, Format.defaults().segments(100));
      try (HeapGraph g1 = open(single.file()); HeapGraph g2 = open(segments.file());
          HeapGraph g3 = open(tinySegments.file())) {
        assertSameCounts(g1, g2);
        assertSameCounts(g1, g3);
        Map<String, String> expected = facts(single, g1, true);
        assertThat(facts(segments, g2, true)).isEqualTo(expected);
        assertThat(facts(tinySegments, g3, true)).isEqualTo(expected);
        // Field values are read back from the file, across segment boundaries.
        for (Written written : List.of(single, segments, tinySegments)) {
          try (HeapGraph graph = open(written.file())) {
            assertPayloadsAndReferencesReadBack(spec, written, graph);
          }
        }
      }
    }
  }

  private static void assertPayloadsAndReferencesReadBack(Spec spec, Written written, HeapGraph graph) {
    SoftAssertions soft = new SoftAssertions();
    for (Obj obj : spec.objects) {
      int object = written.index(graph, obj.name());
      switch (obj.kind()) {
        case NODE -> {
          soft.assertThat(graph.field(object, "payload").map(v -> v.asInt()))
              .as("payload of %s", obj.name()).contains(obj.payloadOrLength());
          for (int k = 0; k < obj.refs().size(); k++) {
            soft.assertThat(graph.referenceField(object, SyntheticGraphs.REFERENCE_FIELDS[k]))
                .as("field %s of %s", SyntheticGraphs.REFERENCE_FIELDS[k], obj.name())
                .isEqualTo(written.index(graph, obj.refs().get(k)));
          }
        }
        case ARRAY -> {
          soft.assertThat(graph.arrayLength(object)).isEqualTo(obj.refs().size());
          soft.assertThat(graph.objectArrayElements(object)).as("elements of %s", obj.name())
              .containsExactly(obj.refs().stream().mapToInt(r -> written.index(graph, r)).toArray());
        }
        case BYTES -> soft.assertThat(graph.arrayLength(object)).isEqualTo(obj.payloadOrLength());
        default -> throw new AssertionError(obj.kind());
      }
    }
    for (HeapThread thread : graph.threads()) {
      soft.assertThat(thread.name()).isIn(spec.threads.stream().map(SyntheticGraphs.ThreadSpec::name).toList());
    }
    soft.assertAll();
  }

  @Test
  void aGzipCompressedDumpReadsLikeThePlainOne() throws Exception {
    Spec spec = SyntheticGraphs.mixed();
    Written plain = write(spec, Format.defaults());
    byte[] bytes = Files.readAllBytes(plain.file());
    Path gz = temp.resolve("dump.hprof.gz");
    Files.write(gz, gzip(bytes));
    // jcmd GC.heap_dump -gz writes many gzip members one after another.
    Path members = temp.resolve("members.hprof.gz");
    try (OutputStream out = Files.newOutputStream(members)) {
      int chunk = bytes.length / 3 + 1;
      for (int start = 0; start < bytes.length; start += chunk) {
        out.write(gzip(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + chunk))));
      }
    }
    try (HeapGraph g = open(plain.file()); HeapGraph gzipped = open(gz); HeapGraph multi = open(members)) {
      assertThat(g.info().gzipCompressed()).isFalse();
      for (HeapGraph graph : List.of(gzipped, multi)) {
        assertThat(graph.info().gzipCompressed()).isTrue();
        assertThat(graph.info().dumpBytes()).isEqualTo(bytes.length);
        assertSameCounts(g, graph);
        assertThat(facts(plain, graph, true)).isEqualTo(facts(plain, g, true));
        assertPayloadsAndReferencesReadBack(spec, plain, graph);
      }
      assertThat(gzipped.info().fileBytes()).isEqualTo(Files.size(gz));
    }
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  // ---- several dumps in one file ------------------------------------------------------------

  /** Writes dumps of {@code counts[k]} nodes each (dump k's nodes have payload k), ids from the writer. */
  private static long[][] writeSeveralDumps(Path file, boolean[] segmented, int... counts) throws IOException {
    long[][] ids = new long[counts.length][];
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file))) {
      long objectClass = writer.loadClass("java/lang/Object");
      long nodeClass = writer.loadClass("com/example/Node");
      long next = writer.utf8("next");
      long payload = writer.utf8("payload");
      for (int dump = 0; dump < counts.length; dump++) {
        HeapDumpWriter heap = segmented[dump] ? writer.beginHeapDumpSegments() : writer.beginHeapDump();
        heap.classDump(ClassSpec.builder(objectClass).build());
        heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
            .instanceField(next, BasicType.OBJECT).instanceField(payload, BasicType.INT).build());
        heap.rootStickyClass(objectClass).rootStickyClass(nodeClass);
        ids[dump] = new long[counts[dump]];
        for (int i = 0; i < counts[dump]; i++) {
          ids[dump][i] = writer.newId();
        }
        for (int i = 0; i < counts[dump]; i++) {
          long nextId = i + 1 < counts[dump] ? ids[dump][i + 1] : 0;
          heap.instance(ids[dump][i], nodeClass, FieldValue.ofObject(nextId), FieldValue.ofInt(dump));
        }
        heap.rootJniGlobal(ids[dump][0], 0x10);
        heap.endHeapDump();
      }
    }
    return ids;
  }

  @Test
  void ofSeveralDumpsInOneFileTheFirstIsReadAndAWarningSaysSo() throws Exception {
    boolean[][] shapes = {{true, true}, {false, false}, {false, true}, {true, false}, {true, true, true}};
    for (boolean[] segmented : shapes) {
      Path file = temp.resolve("several" + files++ + ".hprof");
      int[] counts = segmented.length == 2 ? new int[] {3, 5} : new int[] {4, 6, 2};
      long[][] ids = writeSeveralDumps(file, segmented, counts);
      try (HeapGraph graph = open(file)) {
        String shape = Arrays.toString(segmented);
        assertThat(graph.objectCount()).as(shape).isEqualTo(2 + counts[0]);
        for (long id : ids[0]) {
          int object = graph.indexOf(id);
          assertThat(object).as(shape).isNotNegative();
          assertThat(graph.field(object, "payload").orElseThrow().asInt()).isZero();
        }
        for (int later = 1; later < ids.length; later++) {
          for (long id : ids[later]) {
            assertThat(graph.indexOf(id)).as("%s: object of dump %d", shape, later + 1).isEqualTo(-1);
          }
        }
        assertThat(graph.gcRoots()).as(shape).hasSize(3);
        assertThat(graph.retainedSize(graph.indexOf(ids[0][0]))).isEqualTo(counts[0] * 24L);
        assertThat(graph.info().warnings()).as(shape)
            .filteredOn(w -> w.contains("more than one heap dump")).hasSize(1)
            .allMatch(w -> w.contains("first"));
      }
    }
  }

  @Test
  void aSingleDumpGivesNoSeveralDumpsWarning() throws Exception {
    Path file = temp.resolve("one.hprof");
    writeSeveralDumps(file, new boolean[] {true}, 3);
    try (HeapGraph graph = open(file)) {
      assertThat(graph.info().warnings()).noneMatch(w -> w.contains("more than one heap dump"));
    }
  }

  // ---- strings ------------------------------------------------------------------------------

  @Test
  void stringsOfEveryJdkAreRead() throws Exception {
    Path file = temp.resolve("strings.hprof");
    String text = "h\u00e9llo w\u00f6rld \u2603 \u0416";
    String latin1 = "caf\u00e9 na\u00efve";
    long oldString, oldChars, compactLatin1, compactUtf16, objectClass;
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file), HprofWriter.Version.V1_0_1, 8, 0)) {
      objectClass = writer.loadClass("java/lang/Object");
      long stringClass = writer.loadClass("java/lang/String");
      long charArrayClass = writer.loadClass("[C");
      long byteArrayClass = writer.loadClass("[B");
      long value = writer.utf8("value");
      long hash = writer.utf8("hash");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(charArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(byteArrayClass).superClass(objectClass).build());
      // JDK 8: char[] value, int hash.
      heap.classDump(ClassSpec.builder(stringClass).superClass(objectClass)
          .instanceField(value, BasicType.OBJECT)
          .instanceField(hash, BasicType.INT).build());
      oldChars = heap.newId();
      oldString = heap.newId();
      heap.primitiveArray(oldChars, text.toCharArray());
      heap.instance(oldString, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(oldChars)).set("hash", FieldValue.ofInt(text.hashCode())));
      heap.rootJniGlobal(oldString, 0x10);
      heap.rootStickyClass(objectClass).rootStickyClass(stringClass);
      heap.endHeapDump();
    }
    try (HeapGraph graph = open(file)) {
      int string = graph.indexOf(oldString);
      assertThat(graph.classOf(string).name()).isEqualTo("java.lang.String");
      assertThat(graph.classOf(graph.indexOf(oldChars)).name()).isEqualTo("char[]");
      assertThat(graph.readString(string, 100)).isEqualTo(text);
      assertThat(graph.readString(string, 5)).isEqualTo(text.substring(0, 5));
      assertThat(graph.readString(graph.indexOf(oldChars), 100)).isEqualTo(text);
      assertThat(graph.shallowSize(graph.indexOf(oldChars))).isEqualTo(SyntheticGraphs.alignUp(16 + 2L * text.length(), 8));
    }

    // JDK 9+: byte[] value and a coder, Latin-1 (0) or UTF-16 (1, little-endian as the machine stored it).
    Path compact = temp.resolve("compact.hprof");
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(compact))) {
      objectClass = writer.loadClass("java/lang/Object");
      long stringClass = writer.loadClass("java/lang/String");
      long byteArrayClass = writer.loadClass("[B");
      long value = writer.utf8("value");
      long coder = writer.utf8("coder");
      long hash = writer.utf8("hash");
      long hashIsZero = writer.utf8("hashIsZero");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(byteArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(stringClass).superClass(objectClass)
          .instanceField(value, BasicType.OBJECT)
          .instanceField(coder, BasicType.BYTE)
          .instanceField(hash, BasicType.INT)
          .instanceField(hashIsZero, BasicType.BOOLEAN).build());
      long latin1Bytes = heap.newId();
      compactLatin1 = heap.newId();
      long utf16Bytes = heap.newId();
      compactUtf16 = heap.newId();
      heap.primitiveArray(latin1Bytes, latin1.getBytes(StandardCharsets.ISO_8859_1));
      heap.instance(compactLatin1, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(latin1Bytes)).set("coder", FieldValue.ofByte((byte) 0)));
      heap.primitiveArray(utf16Bytes, text.getBytes(StandardCharsets.UTF_16LE));
      heap.instance(compactUtf16, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(utf16Bytes)).set("coder", FieldValue.ofByte((byte) 1)));
      heap.endHeapDump();
    }
    try (HeapGraph graph = open(compact)) {
      assertThat(graph.readString(graph.indexOf(compactLatin1), 100)).isEqualTo(latin1);
      assertThat(graph.readString(graph.indexOf(compactUtf16), 100)).isEqualTo(text);
      assertThat(graph.readString(graph.indexOf(compactUtf16), 3)).isEqualTo(text.substring(0, 3));
    }
  }

  // ---- identifiers and the inferred layout --------------------------------------------------

  private static Spec noThreads() {
    return SyntheticGraphs.random(5, 300);
  }

  private static Spec withoutThreads(Spec spec) {
    spec.threads.clear();
    return spec;
  }

  @Test
  void identifiersThatAreNotAddressesLeaveTheLayoutUninferredAndUseTheDefault() throws Exception {
    Spec spec = withoutThreads(noThreads());
    Written shuffled = write(spec, Format.defaults().shuffledIds(11));
    Written sequential = write(spec, Format.defaults());
    try (HeapGraph graph = open(shuffled.file()); HeapGraph reference = open(sequential.file())) {
      ObjectLayout layout = graph.info().layout();
      assertThat(layout.inferred()).as(layout.describe()).isFalse();
      assertThat(layout.instanceHeaderBytes()).isEqualTo(12);
      assertThat(layout.referenceBytes()).isEqualTo(4);
      assertThat(layout.wordAlignedArrayBase()).isTrue();
      assertThat(layout.describe()).contains("assumed");
      assertThat(reference.info().layout().inferred()).as("ids 8 apart explain no object size").isFalse();
      assertThat(facts(shuffled, graph, true)).isEqualTo(facts(sequential, reference, true));
      for (int object = 0; object < graph.objectCount(); object++) {
        assertThat(graph.indexOf(graph.objectId(object))).isEqualTo(object);
      }
    }
  }

  @Test
  void manyShuffledIdentifiersStillMapBothWays() throws Exception {
    Spec spec = withoutThreads(SyntheticGraphs.random(9, 3000));
    Written shuffled = write(spec, Format.defaults().shuffledIds(3));
    Written sequential = write(spec, Format.defaults());
    try (HeapGraph graph = open(shuffled.file()); HeapGraph reference = open(sequential.file())) {
      for (int object = 0; object < graph.objectCount(); object++) {
        assertThat(graph.indexOf(graph.objectId(object))).isEqualTo(object);
      }
      for (Map.Entry<String, Long> entry : shuffled.ids().entrySet()) {
        assertThat(graph.objectId(graph.indexOf(entry.getValue()))).isEqualTo(entry.getValue());
      }
      assertThat(graph.indexOf(0x0100_0000L - 8)).isEqualTo(-1);
      assertThat(facts(shuffled, graph, true)).isEqualTo(facts(sequential, reference, true));
    }
  }

  @Test
  void identifiersThatAreAddressesRevealTheLayout() throws Exception {
    Spec spec = withoutThreads(noThreads());
    record Case(int idSize, int header, int reference, boolean wordAligned) {}
    for (Case c : List.of(new Case(8, 12, 4, true), new Case(8, 16, 8, true), new Case(8, 12, 8, true),
        new Case(4, 8, 4, false))) {
      Written written = write(spec, Format.defaults().idSize(c.idSize())
          .addresses(c.header(), c.reference(), c.wordAligned()));
      try (HeapGraph graph = open(written.file())) {
        ObjectLayout layout = graph.info().layout();
        assertThat(layout.inferred()).as("%s: %s", c, layout.describe()).isTrue();
        assertThat(layout.instanceHeaderBytes()).as("%s", c).isEqualTo(c.header());
        assertThat(layout.referenceBytes()).as("%s", c).isEqualTo(c.reference());
        assertThat(layout.compressedReferences(c.idSize())).isEqualTo(c.reference() < c.idSize());
        assertThat(layout.matchedPairs()).isEqualTo(layout.examinedPairs());
        for (Obj obj : spec.objects) {
          assertThat(graph.shallowSize(written.index(graph, obj.name()))).as("%s: %s", c, obj)
              .isEqualTo(SyntheticGraphs.sizeOf(obj, c.header(), c.reference(), c.wordAligned()));
        }
      }
    }
  }
}

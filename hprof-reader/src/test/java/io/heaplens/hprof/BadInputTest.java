package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not heap dumps, truncated or corrupt ones, and hostile values: each gives an
 * {@link HprofFormatException} whose message is one line, names the problem and holds the byte
 * offset; never another exception, a hang or a huge allocation. Truncated dumps open in lenient
 * mode with what was written before the cut.
 */
@Timeout(10)
class BadInputTest {
  static final int NODES = 200;

  @TempDir
  Path temp;

  private int files;

  // ---- helpers ------------------------------------------------------------------------------

  private Path file(byte[] bytes) throws IOException {
    Path file = temp.resolve("bad" + files++ + ".hprof");
    Files.write(file, bytes);
    return file;
  }

  /** Opens strictly, expects an HprofFormatException with a one-line message naming its offset. */
  static HprofFormatException rejected(Path file) {
    return rejected(file, ReadOptions.defaults());
  }

  static HprofFormatException rejected(Path file, ReadOptions options) {
    Throwable thrown = catchThrowable(() -> HprofReader.open(file, options).close());
    assertThat(thrown).as("reading %s", file.getFileName()).isInstanceOf(HprofFormatException.class);
    HprofFormatException e = (HprofFormatException) thrown;
    assertThat(e.getMessage()).as("the message").isNotBlank().doesNotContain("\n").doesNotContain("\r");
    assertThat(e.offset()).as("offset of: %s", e.getMessage()).isNotNegative();
    assertThat(e.getMessage()).as("the message names the offset").contains(Long.toString(e.offset()));
    return e;
  }

  /** A chain of nodes rooted at its head; records where each instance sub-record starts. */
  record Chain(Path file, byte[] bytes, long[] ids, long[] instanceOffsets) {}

  private Chain chain(boolean segmented, int segmentLimit, Consumer<HeapDumpWriter> extra) throws IOException {
    Path file = temp.resolve("chain" + files++ + ".hprof");
    long[] ids = new long[NODES];
    long[] offsets = new long[NODES];
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file))) {
      long objectClass = writer.loadClass("java/lang/Object");
      long nodeClass = writer.loadClass("com/example/Node");
      long next = writer.utf8("next");
      long payload = writer.utf8("payload");
      writer.segmentSizeLimit(segmentLimit);
      HeapDumpWriter heap = segmented ? writer.beginHeapDumpSegments() : writer.beginHeapDump();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
          .instanceField(next, BasicType.OBJECT).instanceField(payload, BasicType.INT).build());
      heap.rootStickyClass(objectClass).rootStickyClass(nodeClass);
      for (int i = 0; i < NODES; i++) {
        ids[i] = writer.newId();
      }
      heap.rootJniGlobal(ids[0], 0x10);
      for (int i = 0; i < NODES; i++) {
        offsets[i] = writer.position();
        heap.instance(ids[i], nodeClass, FieldValue.ofObject(i + 1 < NODES ? ids[i + 1] : 0), FieldValue.ofInt(i));
      }
      extra.accept(heap);
      heap.endHeapDump();
    }
    return new Chain(file, Files.readAllBytes(file), ids, offsets);
  }

  private Chain chain() throws IOException {
    return chain(true, 1 << 20, heap -> {});
  }

  /** Top-level records of a plain dump: {tag, offset, body length}. */
  static List<long[]> records(byte[] dump) {
    int headerEnd = 0;
    while (dump[headerEnd] != 0) {
      headerEnd++;
    }
    ByteBuffer buffer = ByteBuffer.wrap(dump);
    List<long[]> records = new ArrayList<>();
    for (int at = headerEnd + 1 + 4 + 8; at < dump.length; ) {
      long length = buffer.getInt(at + 5) & 0xFFFFFFFFL;
      records.add(new long[] {dump[at] & 0xFF, at, length});
      at += 9 + (int) length;
    }
    return records;
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  /** Bytes of hand-made sub-records (8-byte identifiers). */
  static final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u1(int v) {
      out.write(v);
      return this;
    }

    Bytes u2(int v) {
      return u1(v >>> 8).u1(v);
    }

    Bytes u4(int v) {
      return u2(v >>> 16).u2(v);
    }

    Bytes id(long v) {
      return u4((int) (v >>> 32)).u4((int) v);
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  // ---- not a dump ---------------------------------------------------------------------------

  @Test
  void anEmptyFile() throws Exception {
    HprofFormatException e = rejected(file(new byte[0]));
    assertThat(e.getMessage()).contains("empty");
    assertThat(e.offset()).isZero();
  }

  @Test
  void aTextFile() throws Exception {
    HprofFormatException e = rejected(file("Hello, this is a log file, not a heap dump.\n".repeat(20)
        .getBytes(StandardCharsets.UTF_8)));
    assertThat(e.getMessage()).contains("not an HPROF");
    assertThat(e.offset()).isZero();
  }

  @Test
  void aPngImage() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R',
        0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, (byte) 0xC4, (byte) 0x89};
    HprofFormatException e = rejected(file(png));
    assertThat(e.getMessage()).contains("not an HPROF");
  }

  @Test
  void anUnsupportedVersionOrABrokenHeader() throws Exception {
    byte[] v103 = "JAVA PROFILE 1.0.3\0\0\0\0\u0008\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(rejected(file(v103)).getMessage()).contains("1.0.3");
    byte[] cut = "JAVA PROFILE 1.0.2\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    HprofFormatException e = rejected(file(cut));
    assertThat(e.getMessage()).contains("truncated").contains("header");
    assertThat(e.offset()).isBetween(0L, (long) cut.length);
    byte[] idSize5 = "JAVA PROFILE 1.0.2\0\0\0\0\u0005\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(rejected(file(idSize5)).getMessage()).contains("identifier size 5");
  }

  @Test
  void aHeaderAndNoHeapDump() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      writer.loadClass("java/lang/Object");
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.getMessage()).contains("no heap dump");
  }

  // ---- truncated ----------------------------------------------------------------------------

  @Test
  void aDumpTruncatedInTheMiddleOfAnInstance() throws Exception {
    record Case(String name, boolean segmented, int segmentLimit) {}
    for (Case c : List.of(new Case("one segment", true, 1 << 20), new Case("small segments", true, 500),
        new Case("one HEAP DUMP record", false, 1 << 20))) {
      Chain chain = chain(c.segmented(), c.segmentLimit(), heap -> {});
      int cutNode = NODES * 2 / 3;
      int cutAt = (int) chain.instanceOffsets()[cutNode] + 10;
      Path cut = file(Arrays.copyOf(chain.bytes(), cutAt));

      HprofFormatException e = rejected(cut);
      assertThat(e.getMessage()).as(c.name()).contains("truncated");
      assertThat(e.offset()).as("%s: %s", c.name(), e.getMessage()).isBetween(0L, (long) cutAt - 1);

      try (HeapGraph graph = HprofReader.open(cut, ReadOptions.defaults().withLenient(true))) {
        assertThat(graph.info().truncated()).as(c.name()).isTrue();
        assertThat(graph.info().truncatedAt()).as(c.name()).isBetween(0L, (long) cutAt);
        assertThat(graph.info().warnings()).as(c.name()).anyMatch(w -> w.contains("truncated"));
        for (int i = 0; i < cutNode; i++) {
          int node = graph.indexOf(chain.ids()[i]);
          assertThat(node).as("%s: node %d, written before the cut", c.name(), i).isNotNegative();
          assertThat(graph.field(node, "payload").orElseThrow().asInt()).isEqualTo(i);
        }
        for (int i = cutNode; i < NODES; i++) {
          assertThat(graph.indexOf(chain.ids()[i])).as("%s: node %d, cut", c.name(), i).isEqualTo(-1);
        }
        assertThat(graph.objectCount()).isEqualTo(2 + cutNode);
        assertThat(graph.retainedSize(graph.indexOf(chain.ids()[0]))).isEqualTo(cutNode * 24L);
      }
    }
  }

  /**
   * Cut exactly between two heap dump segments: every record is whole, but the HEAP DUMP END never
   * came, so the dump is still truncated and a strict read must say so.
   */
  @Test
  void aDumpTruncatedBetweenTwoSegments() throws Exception {
    Chain chain = chain(true, 500, heap -> {});
    List<long[]> segments = records(chain.bytes()).stream().filter(r -> r[0] == 0x1C).toList();
    assertThat(segments.size()).isGreaterThan(3);
    long[] second = segments.get(1);
    int cutAt = (int) (second[1] + 9 + second[2]);
    Path cut = file(Arrays.copyOf(chain.bytes(), cutAt));

    HprofFormatException e = rejected(cut);
    assertThat(e.getMessage()).contains("truncated");
    try (HeapGraph graph = HprofReader.open(cut, ReadOptions.defaults().withLenient(true))) {
      assertThat(graph.info().truncated()).as("lenient read of a dump without its HEAP DUMP END").isTrue();
    }
  }

  // ---- corrupt lengths and tags -------------------------------------------------------------

  @Test
  void aTopLevelRecordDeclaringMoreBytesThanRemain() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long recordOffset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      recordOffset = writer.position();
      writer.declareNextRecordLengthOffBy(1_000_000).utf8("a name that lies about its length");
      writer.beginHeapDumpSegments().classDump(ClassSpec.builder(objectClass).build()).endHeapDump();
    }
    Path file = file(out.toByteArray());
    HprofFormatException e = rejected(file);
    assertThat(e.offset()).isEqualTo(recordOffset);
    assertThat(e.getMessage()).contains("UTF8").contains("offset " + recordOffset);
    HprofFormatException lenient = rejected(file, ReadOptions.defaults().withLenient(true));
    assertThat(lenient.offset()).isEqualTo(recordOffset);
  }

  @Test
  void aHeapDumpSegmentDeclaringMoreBytesThanRemain() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build()).rootStickyClass(objectClass);
      writer.declareNextRecordLengthOffBy(1 << 20);
      heap.endHeapDump();
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.getMessage()).contains("HEAP DUMP SEGMENT");
  }

  @Test
  void aHeapDumpSegmentSwallowingTheNextRecordHeader() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long endOffset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build()).rootStickyClass(objectClass);
      endOffset = writer.position();
      writer.declareNextRecordLengthOffBy(9); // the HEAP DUMP END header becomes part of the segment
      heap.endHeapDump();
    }
    byte[] bytes = out.toByteArray();
    assertThat(bytes[(int) endOffset] & 0xFF).isEqualTo(0x2C);
    HprofFormatException e = rejected(file(bytes));
    assertThat(e.offset()).isEqualTo(endOffset);
    assertThat(e.getMessage()).contains("0x2C").contains("offset " + endOffset);
  }

  @Test
  void aSubRecordRunningPastTheEndOfItsSegment() throws Exception {
    for (boolean segmented : new boolean[] {true, false}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long instanceOffset;
      try (HprofWriter writer = HprofWriter.open(out)) {
        long objectClass = writer.loadClass("java/lang/Object");
        long nodeClass = writer.loadClass("com/example/Node");
        long payload = writer.utf8("payload");
        HeapDumpWriter heap = segmented ? writer.beginHeapDumpSegments() : writer.beginHeapDump();
        heap.classDump(ClassSpec.builder(objectClass).build());
        heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
            .instanceField(payload, BasicType.LONG).build());
        heap.instance(heap.newId(), nodeClass, FieldValue.ofLong(1));
        instanceOffset = writer.position();
        heap.instance(heap.newId(), nodeClass, FieldValue.ofLong(2));
        writer.declareNextRecordLengthOffBy(-5);
        if (segmented) {
          heap.endSegment();
          heap.instance(heap.newId(), nodeClass, FieldValue.ofLong(3));
          heap.endHeapDump();
        } else {
          heap.endHeapDump();
          writer.utf8("a record after the heap dump");
        }
      }
      HprofFormatException e = rejected(file(out.toByteArray()));
      assertThat(e.offset()).as("segmented %s: %s", segmented, e.getMessage()).isEqualTo(instanceOffset);
      assertThat(e.getMessage()).contains("INSTANCE DUMP").contains("offset " + instanceOffset).contains("past");
    }
  }

  @Test
  void anUnknownRecordTag() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long recordOffset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      recordOffset = writer.position();
      writer.rawRecord(0x77, 0, 4, new byte[] {1, 2, 3, 4});
      writer.beginHeapDumpSegments().classDump(ClassSpec.builder(objectClass).build()).endHeapDump();
    }
    Path file = file(out.toByteArray());
    HprofFormatException e = rejected(file);
    assertThat(e.offset()).isEqualTo(recordOffset);
    assertThat(e.getMessage()).contains("0x77").contains("offset " + recordOffset);
    assertThat(rejected(file, ReadOptions.defaults().withLenient(true)).offset()).isEqualTo(recordOffset);
  }

  @Test
  void anUnknownHeapSubRecordTag() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long subRecordOffset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      subRecordOffset = writer.position();
      heap.rawSubRecord(new byte[] {0x55, 1, 2, 3, 4, 5, 6, 7, 8});
      heap.rootStickyClass(objectClass);
      heap.endHeapDump();
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.offset()).isEqualTo(subRecordOffset);
    assertThat(e.getMessage()).contains("0x55").contains("offset " + subRecordOffset);
  }

  // ---- gzip ---------------------------------------------------------------------------------

  @Test
  void aTruncatedGzipFile() throws Exception {
    Chain chain = chain();
    byte[] compressed = gzip(chain.bytes());
    Path cut = file(Arrays.copyOf(compressed, compressed.length / 2));
    HprofFormatException e = rejected(cut);
    assertThat(e.getMessage()).contains("gzip").contains("truncated");

    try (HeapGraph graph = HprofReader.open(cut, ReadOptions.defaults().withLenient(true))) {
      assertThat(graph.info().gzipCompressed()).isTrue();
      assertThat(graph.info().truncated()).isTrue();
      assertThat(graph.info().warnings()).anyMatch(w -> w.contains("gzip"));
      assertThat(graph.indexOf(chain.ids()[0])).isNotNegative();
    }
  }

  /**
   * A gzip file cut where the compressed stream had been flushed at a record boundary: the
   * decompressed part is whole records, but the dump is truncated all the same.
   */
  @Test
  void aGzipFileTruncatedAtARecordBoundaryIsStillReportedTruncated() throws Exception {
    Chain chain = chain(true, 500, heap -> {});
    List<long[]> segments = records(chain.bytes()).stream().filter(r -> r[0] == 0x1C).toList();
    int boundary = (int) (segments.get(1)[1] + 9 + segments.get(1)[2]);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int compressedCut;
    try (GZIPOutputStream out = new GZIPOutputStream(buffer, true)) {
      out.write(chain.bytes(), 0, boundary);
      out.flush();
      compressedCut = buffer.size();
      out.write(chain.bytes(), boundary, chain.bytes().length - boundary);
    }
    Path cut = file(Arrays.copyOf(buffer.toByteArray(), compressedCut));
    rejected(cut);
    try (HeapGraph graph = HprofReader.open(cut, ReadOptions.defaults().withLenient(true))) {
      assertThat(graph.info().dumpBytes()).isEqualTo(boundary);
      assertThat(graph.info().truncated()).as("a partial analysis of a truncated gzip dump").isTrue();
    }
  }

  @Test
  void aGzipFileWithGarbageAfterItsHeader() throws Exception {
    byte[] header = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 0xFF};
    for (long seed = 1; seed <= 8; seed++) {
      byte[] garbage = new byte[64 * 1024];
      new Random(seed).nextBytes(garbage);
      byte[] bytes = new byte[header.length + garbage.length];
      System.arraycopy(header, 0, bytes, 0, header.length);
      System.arraycopy(garbage, 0, bytes, header.length, garbage.length);
      HprofFormatException e = rejected(file(bytes));
      assertThat(e.getMessage()).as("seed %d", seed).contains("gzip");
    }
    byte[] allOnes = new byte[header.length + 100];
    System.arraycopy(header, 0, allOnes, 0, header.length);
    Arrays.fill(allOnes, header.length, allOnes.length, (byte) 0xFF);
    assertThat(rejected(file(allOnes)).getMessage()).contains("gzip");
  }

  @Test
  void aGzipFileCutInsideItsHeader() throws Exception {
    HprofFormatException e = rejected(file(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0}));
    assertThat(e.getMessage()).contains("gzip");
    rejected(file(new byte[] {0x1F, (byte) 0x8B}));
  }

  @Test
  void aGzipHeaderNamingAnotherCompressionMethod() throws Exception {
    byte[] bytes = gzip(chain().bytes());
    bytes[2] = 7; // only 8 (deflate) exists
    HprofFormatException e = rejected(file(bytes));
    assertThat(e.getMessage()).contains("gzip");
  }

  // ---- hostile values -----------------------------------------------------------------------

  @Test
  void hugeArrayLengths() throws Exception {
    record Case(String name, Consumer<HeapDumpWriter> write) {}
    List<Case> cases = List.of(
        new Case("byte[2^31-1]", heap -> heap.primitiveArrayRaw(0x9990, BasicType.BYTE, Integer.MAX_VALUE, new byte[16])),
        new Case("long[2^32-1]", heap -> heap.primitiveArrayRaw(0x9990, BasicType.LONG, -1, new byte[16])),
        new Case("Object[2^32-1]", heap -> heap.rawSubRecord(new Bytes().u1(0x22).id(0x9990).u4(0).u4(-1)
            .id(0x1000).id(0x1008).toByteArray())));
    for (Case c : cases) {
      long[] offset = new long[1];
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (HprofWriter writer = HprofWriter.open(out)) {
        long objectClass = writer.loadClass("java/lang/Object");
        HeapDumpWriter heap = writer.beginHeapDumpSegments();
        heap.classDump(ClassSpec.builder(objectClass).build());
        offset[0] = writer.position();
        c.write().accept(heap);
        heap.rootStickyClass(objectClass);
        heap.endHeapDump();
      }
      Path file = file(out.toByteArray());
      for (ReadOptions options : List.of(ReadOptions.defaults(), ReadOptions.defaults().withLenient(true))) {
        HprofFormatException e = rejected(file, options);
        assertThat(e.offset()).as("%s: %s", c.name(), e.getMessage()).isEqualTo(offset[0]);
      }
    }
  }

  @Test
  void aClassDumpWithFieldTypeCode99() throws Exception {
    long classId = 0x5000;
    long nameId = 0x5008;
    byte[] instanceField = new Bytes().u1(0x20).id(classId).u4(0).id(0).id(0).id(0).id(0).id(0).id(0).u4(8)
        .u2(0).u2(0).u2(1).id(nameId).u1(99).toByteArray();
    byte[] staticField = new Bytes().u1(0x20).id(classId).u4(0).id(0).id(0).id(0).id(0).id(0).id(0).u4(0)
        .u2(0).u2(1).id(nameId).u1(99).id(0).u2(0).toByteArray();
    byte[] constant = new Bytes().u1(0x20).id(classId).u4(0).id(0).id(0).id(0).id(0).id(0).id(0).u4(0)
        .u2(1).u2(3).u1(99).id(0).u2(0).u2(0).toByteArray();
    for (byte[] classDump : List.of(instanceField, staticField, constant)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long offset;
      try (HprofWriter writer = HprofWriter.open(out)) {
        writer.utf8WithId(nameId, "field");
        writer.loadClass(1, classId, 0, writer.utf8("com/example/Weird"));
        HeapDumpWriter heap = writer.beginHeapDumpSegments();
        offset = writer.position();
        heap.rawSubRecord(classDump);
        heap.rootStickyClass(classId);
        heap.endHeapDump();
      }
      HprofFormatException e = rejected(file(out.toByteArray()));
      assertThat(e.offset()).isEqualTo(offset);
      assertThat(e.getMessage()).contains("CLASS DUMP").contains("99").contains("offset " + offset);
    }
  }

  @Test
  void aPrimitiveArrayOfTypeCode99OrOfObjects() throws Exception {
    byte[] type99 = new Bytes().u1(0x23).id(0x9990).u4(0).u4(2).u1(99).u4(0).toByteArray();
    byte[] objects = new Bytes().u1(0x23).id(0x9990).u4(0).u4(1).u1(2).id(0).toByteArray();
    for (byte[] array : List.of(type99, objects)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long offset;
      try (HprofWriter writer = HprofWriter.open(out)) {
        HeapDumpWriter heap = writer.beginHeapDumpSegments();
        offset = writer.position();
        heap.rawSubRecord(array);
        heap.endHeapDump();
      }
      HprofFormatException e = rejected(file(out.toByteArray()));
      assertThat(e.offset()).isEqualTo(offset);
      assertThat(e.getMessage()).contains("PRIMITIVE ARRAY DUMP").contains("element type");
    }
  }

  @Test
  void aStackTraceClaimingMoreFramesThanItHolds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      offset = writer.position();
      writer.rawRecord(0x05, 0, 12 + 8, new Bytes().u4(1).u4(1).u4(Integer.MAX_VALUE).id(0x10).toByteArray());
      writer.beginHeapDumpSegments().endHeapDump();
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains("STACK TRACE");
  }

  @Test
  void aUtf8RecordShorterThanAnIdentifier() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long offset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      offset = writer.position();
      writer.rawRecord(0x01, 0, 3, new byte[] {1, 2, 3});
      writer.beginHeapDumpSegments().endHeapDump();
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.offset()).isEqualTo(offset);
    assertThat(e.getMessage()).contains("UTF8");
  }

  @Test
  void anObjectIdWrittenTwice() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long secondOffset;
    try (HprofWriter writer = HprofWriter.open(out)) {
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.primitiveArray(0x9990, new byte[] {1});
      heap.primitiveArray(0x9998, new byte[] {2});
      secondOffset = writer.position();
      heap.primitiveArray(0x9990, new byte[] {3});
      heap.endHeapDump();
    }
    HprofFormatException e = rejected(file(out.toByteArray()));
    assertThat(e.getMessage()).contains("0x9990");
    assertThat(e.offset()).as("the offset of the second record with that id").isEqualTo(secondOffset);
  }

  /**
   * An instance whose record holds fewer field bytes than its class declares (here a thread, whose
   * name the reader looks up while opening): reading its fields must not fail with an index error.
   */
  @Test
  void anInstanceWithFewerFieldBytesThanItsClassDeclares() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long thread;
    long node;
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      long threadClass = writer.loadClass("java/lang/Thread");
      long nodeClass = writer.loadClass("com/example/Node");
      long name = writer.utf8("name");
      long priority = writer.utf8("priority");
      long threadStatus = writer.utf8("threadStatus");
      long payload = writer.utf8("payload");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(threadClass).superClass(objectClass)
          .instanceField(priority, BasicType.INT).instanceField(name, BasicType.OBJECT)
          .instanceField(threadStatus, BasicType.INT).build());
      heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
          .instanceField(payload, BasicType.LONG).build());
      thread = heap.newId();
      node = heap.newId();
      heap.instanceRaw(thread, threadClass, new byte[] {0, 0, 0, 5}); // only priority
      heap.instanceRaw(node, nodeClass, new byte[] {1, 2});
      heap.rootThreadObject(thread, 1, 0);
      heap.rootJniGlobal(node, 0x10);
      heap.rootStickyClass(objectClass).rootStickyClass(threadClass).rootStickyClass(nodeClass);
      heap.endHeapDump();
    }
    Path file = file(out.toByteArray());
    Throwable thrown = catchThrowable(() -> {
      try (HeapGraph graph = HprofReader.open(file, ReadOptions.defaults())) {
        int threadObject = graph.indexOf(thread);
        assertThat(graph.threads()).hasSize(1);
        assertThat(graph.threads().get(0).name()).isNull();
        assertThat(graph.field(threadObject, "priority").orElseThrow().asInt()).isEqualTo(5);
        // What a missing field reads as is open (empty, or a default), but reading must not fail.
        graph.field(threadObject, "threadStatus");
        graph.field(graph.indexOf(node), "payload");
      }
    });
    if (thrown != null && !(thrown instanceof AssertionError)) {
      // Rejecting the file is acceptable too, as long as it is the format error with its offset.
      assertThat(thrown).as("opening a dump whose instance is shorter than its class")
          .isInstanceOf(HprofFormatException.class);
      rejected(file);
    } else if (thrown != null) {
      throw (AssertionError) thrown;
    }
  }

  /** File content quoted in a message must not break it into lines or reach a terminal as escapes. */
  @Test
  void aVersionStringHoldingALineBreak() throws Exception {
    byte[] header = "JAVA PROFILE 1.0.\n9\0\0\0\0\u0008\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    HprofFormatException e = rejected(file(header));
    assertThat(e.getMessage()).contains("version");
    byte[] escape = "JAVA PROFILE 1.0.\u001b[2J\0\0\0\0\u0008\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
    HprofFormatException escaped = rejected(file(escape));
    assertThat(escaped.getMessage().chars().filter(Character::isISOControl).count())
        .as("control characters from the file in: %s", escaped.getMessage()).isZero();
  }
}

package io.heaplens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofReader;
import io.heaplens.hprof.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heaplens analyze} end to end on synthetic dumps: bad input gives exit code 2 and one line
 * on stderr, never a stack trace; a good dump gives the text summary and the documented JSON;
 * {@code --lenient} analyzes a truncated dump and says the analysis is partial.
 */
@Timeout(30)
class AnalyzeCommandTest {
  static final long TIMESTAMP = 1_712_345_678_901L;
  static final int NODE_COUNT = 3;
  static final int CACHE_ENTRY_BYTES = 10_000;
  static final int LOCAL_BUFFER_BYTES = 5_000;

  @TempDir
  Path temp;

  private int files;
  private Path good;
  private GoodDump goodDump;

  /** What {@link #writeGoodDump} wrote. */
  record GoodDump(long cacheId, long threadId, long localBufferId, long[] entryIds, long truncateAt) {}

  @BeforeEach
  void writeGood() throws IOException {
    good = temp.resolve("good.hprof");
    goodDump = writeGoodDump(good);
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path file = temp.resolve(files++ + "-" + name);
    Files.write(file, bytes);
    return file;
  }

  /**
   * A small application heap: a cache (JNI global) holding three byte[] entries through an Object[],
   * a thread "request-worker" whose top frame holds a buffer and the cache, a few nodes of a class
   * held only through its instances, some garbage; system classes are sticky roots.
   */
  static GoodDump writeGoodDump(Path file) throws IOException {
    long cache, thread, localBuffer, truncateAt = -1;
    long[] entries = new long[3];
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file), HprofWriter.Version.V1_0_2, 8,
        TIMESTAMP)) {
      long objectClass = writer.loadClass("java/lang/Object");
      long classClass = writer.loadClass("java/lang/Class");
      long stringClass = writer.loadClass("java/lang/String");
      long threadClass = writer.loadClass("java/lang/Thread");
      long byteArrayClass = writer.loadClass("[B");
      long objectArrayClass = writer.loadClass("[Ljava/lang/Object;");
      long cacheClass = writer.loadClass("com/example/app/Cache");
      long nodeClass = writer.loadClass("com/example/app/Node");
      long handlerClass = writer.loadClass("com/example/app/Handler");
      long value = writer.utf8("value");
      long coder = writer.utf8("coder");
      long name = writer.utf8("name");
      long threadStatus = writer.utf8("threadStatus");
      long entriesField = writer.utf8("entries");
      long next = writer.utf8("next");
      long size = writer.utf8("size");
      long top = writer.stackFrame("handle", "(Lcom/example/app/Request;)V", "Handler.java",
          writer.classSerial(handlerClass), 42);
      long bottom = writer.stackFrame("run", "()V", "Thread.java", writer.classSerial(threadClass), 833);
      int trace = writer.stackTrace(1, top, bottom);

      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(classClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(stringClass).superClass(objectClass)
          .instanceField(value, BasicType.OBJECT).instanceField(coder, BasicType.BYTE).build());
      heap.classDump(ClassSpec.builder(threadClass).superClass(objectClass)
          .instanceField(name, BasicType.OBJECT).instanceField(threadStatus, BasicType.INT).build());
      heap.classDump(ClassSpec.builder(byteArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(objectArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(cacheClass).superClass(objectClass)
          .instanceField(entriesField, BasicType.OBJECT).instanceField(size, BasicType.INT).build());
      heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
          .instanceField(next, BasicType.OBJECT).build());
      heap.classDump(ClassSpec.builder(handlerClass).superClass(objectClass).build());

      cache = heap.newId();
      long array = heap.newId();
      for (int i = 0; i < entries.length; i++) {
        entries[i] = heap.newId();
      }
      long nameBytes = heap.newId();
      long nameString = heap.newId();
      thread = heap.newId();
      localBuffer = heap.newId();
      long[] nodes = new long[NODE_COUNT];
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = heap.newId();
      }
      // Roots first, as HotSpot writes them before the objects.
      for (long system : new long[] {objectClass, classClass, stringClass, threadClass, byteArrayClass,
          objectArrayClass, cacheClass, handlerClass}) {
        heap.rootStickyClass(system);
      }
      heap.rootJniGlobal(cache, 0x10);
      heap.rootJniGlobal(nodes[0], 0x18);
      heap.rootThreadObject(thread, 1, trace);
      heap.rootJavaFrame(localBuffer, 1, 0);
      heap.rootJavaFrame(cache, 1, 0);

      heap.instance(cache, cacheClass, heap.fieldsOf(cacheClass)
          .set("entries", FieldValue.ofObject(array)).set("size", FieldValue.ofInt(entries.length)));
      heap.objectArray(array, objectArrayClass, entries);
      for (long entry : entries) {
        heap.primitiveArray(entry, new byte[CACHE_ENTRY_BYTES]);
      }
      heap.primitiveArray(nameBytes, "request-worker".getBytes(StandardCharsets.ISO_8859_1));
      heap.instance(nameString, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(nameBytes)).set("coder", FieldValue.ofByte((byte) 0)));
      heap.instance(thread, threadClass, heap.fieldsOf(threadClass)
          .set("name", FieldValue.ofObject(nameString)).set("threadStatus", FieldValue.ofInt(0x5)));
      heap.primitiveArray(localBuffer, new byte[LOCAL_BUFFER_BYTES]);
      for (int i = 0; i < nodes.length; i++) {
        if (i == 1) {
          truncateAt = writer.position() + 7; // inside the second node's record
        }
        heap.instance(nodes[i], nodeClass, FieldValue.ofObject(nodes[(i + 1) % nodes.length]));
      }
      heap.primitiveArray(heap.newId(), new byte[123]); // garbage
      heap.endHeapDump();
    }
    return new GoodDump(cache, thread, localBuffer, entries, truncateAt);
  }

  // ---- bad input ----------------------------------------------------------------------------

  private Map<String, Path> badInputs() throws IOException {
    Map<String, Path> inputs = new LinkedHashMap<>();
    byte[] dump = Files.readAllBytes(good);
    inputs.put("an empty file", file("empty.hprof", new byte[0]));
    inputs.put("a text file", file("notes.txt", "not a heap dump\n".repeat(50).getBytes(StandardCharsets.UTF_8)));
    inputs.put("a PNG image", file("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
        0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0}));
    inputs.put("a header cut short", file("header.hprof", Arrays.copyOf(dump, 22)));
    inputs.put("a dump truncated inside an instance", file("truncated.hprof",
        Arrays.copyOf(dump, (int) goodDump.truncateAt())));
    inputs.put("a record declaring more bytes than remain", file("length.hprof", corruptLength()));
    inputs.put("an unknown record tag", file("tag.hprof", unknownTag()));
    byte[] compressed = gzip(dump);
    inputs.put("a truncated gzip file", file("truncated.hprof.gz", Arrays.copyOf(compressed, compressed.length / 2)));
    byte[] garbage = new byte[10 + 4096];
    new Random(7).nextBytes(garbage);
    System.arraycopy(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, (byte) 0xFF}, 0, garbage, 0, 10);
    inputs.put("a gzip file with garbage after its header", file("garbage.hprof.gz", garbage));
    inputs.put("a gzip file cut inside its header", file("cut.hprof.gz", Arrays.copyOf(compressed, 5)));
    inputs.put("a huge primitive array length", file("huge.hprof", hugeArray()));
    inputs.put("a class dump with field type 99", file("type99.hprof", fieldType99()));
    inputs.put("a header and no heap dump", file("noheap.hprof", headerOnly()));
    inputs.put("a version string holding a line break", file("version.hprof",
        "JAVA PROFILE 1.0.\n9\0\0\0\0\u0008\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
    inputs.put("a thread whose record is shorter than its class", file("short.hprof", shortThread()));
    Path directory = temp.resolve("a-directory");
    Files.createDirectories(directory);
    inputs.put("a directory", directory);
    inputs.put("a missing file", temp.resolve("no-such-dump.hprof"));
    return inputs;
  }

  @Test
  void everyBadInputGivesExitCode2AndOneLineWithoutAStackTrace() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Path> input : badInputs().entrySet()) {
      CliRun result = CliRun.of("analyze", input.getValue().toString());
      String problem = badInputProblem(result);
      if (problem != null) {
        problems.add(input.getKey() + ": " + problem);
      }
    }
    assertThat(problems).as("inputs not rejected cleanly").isEmpty();
  }

  /** Null if the result is a clean rejection, else what is wrong with it. */
  private static String badInputProblem(CliRun result) {
    if (result.thrown() != null) {
      return "threw " + result.thrown();
    }
    if (result.exitCode() != 2) {
      return "exit code " + result.exitCode() + ", stderr " + result.err();
    }
    List<String> lines = result.errLines();
    if (lines.size() != 1) {
      return lines.size() + " lines on stderr: " + result.err();
    }
    String line = lines.get(0);
    if (!line.startsWith("heaplens:")) {
      return "stderr does not start with 'heaplens:': " + line;
    }
    if (line.contains("\tat ") || CliRun.EXCEPTION_NAME.matcher(line).find()) {
      return "stderr shows an exception: " + line;
    }
    return null;
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = temp.resolve("nowhere.hprof");
    CliRun result = CliRun.of("analyze", missing.toString());
    assertThat(badInputProblem(result)).isNull();
    assertThat(result.err()).contains(missing.toString());
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aTruncatedDumpIsRejectedWithAHintAndAnalyzedWithLenient() throws IOException {
    Path truncated = file("truncated.hprof", Arrays.copyOf(Files.readAllBytes(good), (int) goodDump.truncateAt()));
    CliRun strict = CliRun.of("analyze", truncated.toString());
    assertThat(badInputProblem(strict)).isNull();
    assertThat(strict.err()).contains("truncated").contains("--lenient");

    CliRun lenient = CliRun.of("analyze", truncated.toString(), "--lenient");
    assertThat(lenient.thrown()).isNull();
    assertThat(lenient.exitCode()).as(lenient.err()).isZero();
    assertThat(lenient.out()).contains("PARTIAL");
    assertThat(lenient.out()).contains("Top classes by retained size").contains("com.example.app.Cache");

    Path json = temp.resolve("partial.json");
    CliRun withJson = CliRun.of("analyze", "--lenient", "--json", json.toString(), truncated.toString());
    assertThat(withJson.exitCode()).isZero();
    JsonNode document = new ObjectMapper().readTree(json.toFile());
    assertThat(document.at("/dump/truncated").asBoolean()).isTrue();
  }

  @Test
  void aPartialAnalysisIsNeverPresentedAsCleanInTextJsonOrHtml() throws IOException {
    Path truncated = file("truncated.hprof", Arrays.copyOf(Files.readAllBytes(good), (int) goodDump.truncateAt()));
    Path json = temp.resolve("partial.json");
    Path html = temp.resolve("partial.html");
    CliRun run = CliRun.of("analyze", "--lenient", truncated.toString(), "--json", json.toString(),
        "-o", html.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(1)).as("the verdict line").startsWith("PARTIAL ANALYSIS. Partial analysis: the heap dump"
        + " is truncated;");
    assertThat(run.out()).doesNotContain("No problem found").doesNotContain("No anti-pattern found")
        .contains("  not read  heap dump: the dump is truncated");

    JsonNode document = new ObjectMapper().readTree(json.toFile());
    assertThat(document.path("complete").isBoolean()).isTrue();
    assertThat(document.path("complete").asBoolean()).isFalse();
    assertThat(document.path("verdict").asText()).startsWith("Partial analysis: the heap dump is truncated");
    assertThat(document.path("notAnalyzed")).isNotEmpty();
    assertThat(document.path("notAnalyzed").get(0).asText()).contains("offset");

    String page = Files.readString(html);
    assertThat(page).contains("<header class=\"verdict sev-partial\"", "id=\"not-analyzed\"",
        "Partial analysis: the heap dump is truncated").doesNotContain("No problem found");
  }

  @Test
  void aCompleteAnalysisSaysSoInTheJson() throws IOException {
    Path json = temp.resolve("complete.json");
    CliRun run = CliRun.of("analyze", good.toString(), "--json", json.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode document = new ObjectMapper().readTree(json.toFile());
    assertThat(document.path("complete").asBoolean()).isTrue();
    assertThat(document.path("notAnalyzed")).isEmpty();
  }

  @Test
  void usageErrorsGiveExitCode2AndOneLine() {
    for (String[] args : List.of(new String[] {"analyze", "--bogus", good.toString()},
        new String[] {"analyze", good.toString(), "--json"},
        new String[] {"analyze"},
        new String[] {"analyze", good.toString(), good.toString()},
        new String[] {"frobnicate", good.toString()})) {
      CliRun result = CliRun.of(args);
      assertThat(result.thrown()).as(Arrays.toString(args)).isNull();
      assertThat(result.exitCode()).as(Arrays.toString(args)).isEqualTo(2);
      assertThat(result.errLines()).as(Arrays.toString(args)).hasSize(1);
      assertThat(result.errLines().get(0)).as(Arrays.toString(args)).startsWith("heaplens")
          .doesNotContain("\tat ");
      assertThat(CliRun.EXCEPTION_NAME.matcher(result.err()).find()).as(result.err()).isFalse();
    }
    assertThat(CliRun.of("analyze", "--bogus", good.toString()).err()).contains("--bogus");
  }

  @Test
  void aJsonFileThatCannotBeWrittenIsReportedAsSuch() {
    Path json = temp.resolve("no-such-directory").resolve("out.json");
    CliRun result = CliRun.of("analyze", good.toString(), "--json", json.toString());
    assertThat(result.thrown()).isNull();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("heaplens:").contains(json.toString());
    assertThat(result.err()).as("the dump was read fine: the JSON file is the problem")
        .doesNotContain("cannot read " + good);
    assertThat(CliRun.EXCEPTION_NAME.matcher(result.err()).find()).as(result.err()).isFalse();
  }

  // ---- a good dump --------------------------------------------------------------------------

  @Test
  void aGoodDumpPrintsTheSummary() {
    CliRun result = CliRun.of("analyze", good.toString());
    assertThat(result.thrown()).isNull();
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .contains("Top classes by retained size")
        .contains("Biggest objects")
        .contains("Threads")
        .contains("request-worker")
        .contains("com.example.app.Cache")
        .contains("byte[]")
        .doesNotContain("[B")
        .doesNotContain("PARTIAL");
  }

  @Test
  void theJsonHasTheDocumentedFields() throws Exception {
    Path json = temp.resolve("out.json");
    CliRun result = CliRun.of("analyze", good.toString(), "--json", json.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Top classes by retained size");
    JsonNode root = new ObjectMapper().readTree(json.toFile());

    try (HeapGraph graph = HprofReader.open(good, ReadOptions.defaults())) {
      JsonNode dump = root.path("dump");
      assertThat(dump.path("format").asText()).isEqualTo("JAVA PROFILE 1.0.2");
      assertThat(dump.path("idSize").asInt()).isEqualTo(8);
      assertThat(dump.path("timestamp").asText()).isEqualTo(Instant.ofEpochMilli(TIMESTAMP).toString());
      assertThat(dump.path("compressedReferences").isBoolean()).isTrue();
      assertThat(dump.path("compressedReferences").asBoolean())
          .isEqualTo(graph.info().layout().compressedReferences(8));
      long totalShallow = 0;
      long reachable = 0;
      for (int object = 0; object < graph.objectCount(); object++) {
        totalShallow += graph.shallowSize(object);
        reachable += graph.isReachable(object) ? graph.shallowSize(object) : 0;
      }
      assertThat(dump.path("totalShallowBytes").asLong()).isEqualTo(totalShallow);
      assertThat(dump.path("reachableBytes").asLong()).as("the garbage array is not reachable").isEqualTo(reachable)
          .isLessThan(totalShallow);
      assertThat(dump.path("truncated").asBoolean()).isFalse();

      JsonNode counts = root.path("counts");
      assertThat(counts.path("instances").asLong()).as("cache, string, thread, nodes").isEqualTo(3 + NODE_COUNT);
      assertThat(counts.path("objectArrays").asLong()).isEqualTo(1);
      assertThat(counts.path("primitiveArrays").asLong()).as("3 entries, name, buffer, garbage").isEqualTo(6);
      assertThat(counts.path("classes").asLong()).isEqualTo(9);
      JsonNode roots = counts.path("gcRoots");
      assertThat(roots.isObject()).as("gcRoots by kind: %s", roots).isTrue();
      assertThat(roots.path("STICKY_CLASS").asLong()).isEqualTo(8);
      assertThat(roots.path("JNI_GLOBAL").asLong()).isEqualTo(2);
      assertThat(roots.path("THREAD_OBJECT").asLong()).isEqualTo(1);
      assertThat(roots.path("JAVA_FRAME").asLong()).isEqualTo(2);

      JsonNode classes = root.path("classes");
      assertThat(classes.isArray()).isTrue();
      Set<String> names = new TreeSet<>();
      for (JsonNode row : classes) {
        String name = row.path("name").asText();
        names.add(name);
        assertThat(name).as("Java-style class name").doesNotStartWith("[").doesNotContain("/").doesNotEndWith(";");
        assertThat(row.path("instances").isNumber()).as(name).isTrue();
        assertThat(row.path("shallowBytes").isNumber()).as(name).isTrue();
        assertThat(row.path("retainedBytes").isNumber()).as(name).isTrue();
      }
      assertThat(names).contains("byte[]", "java.lang.Object[]", "com.example.app.Cache", "java.lang.Thread",
          "java.lang.String", "com.example.app.Node", "java.lang.Class");
      JsonNode bytesRow = row(classes, "byte[]");
      assertThat(bytesRow.path("instances").asLong()).isEqualTo(6);
      JsonNode cacheRow = row(classes, "com.example.app.Cache");
      int cache = graph.indexOf(goodDump.cacheId());
      assertThat(cacheRow.path("instances").asLong()).isEqualTo(1);
      assertThat(cacheRow.path("retainedBytes").asLong()).isEqualTo(graph.retainedSize(cache));
      assertThat(cacheRow.path("retainedBytes").asLong()).isGreaterThan(3L * CACHE_ENTRY_BYTES);

      JsonNode dominators = root.path("dominators");
      assertThat(dominators.isArray()).isTrue();
      assertThat(dominators.size()).isPositive();
      long previous = Long.MAX_VALUE;
      for (JsonNode row : dominators) {
        assertThat(row.path("objectId").isNumber()).isTrue();
        assertThat(row.path("className").isTextual()).isTrue();
        assertThat(row.path("percentOfHeap").isNumber()).isTrue();
        long retained = row.path("retainedBytes").asLong();
        assertThat(retained).isLessThanOrEqualTo(previous);
        previous = retained;
        JsonNode path = row.path("pathFromRoot");
        assertThat(path.isArray()).isTrue();
        assertThat(path.size()).isPositive();
        assertThat(path.get(path.size() - 1).path("objectId").asLong()).isEqualTo(row.path("objectId").asLong());
        for (JsonNode step : path) {
          assertThat(step.path("className").isTextual()).isTrue();
        }
      }
      JsonNode first = dominators.get(0);
      assertThat(first.path("className").asText()).isEqualTo("com.example.app.Cache");
      assertThat(first.path("objectId").asLong()).isEqualTo(goodDump.cacheId());
      assertThat(first.path("retainedBytes").asLong()).isEqualTo(graph.retainedSize(cache));
      assertThat(first.path("percentOfHeap").asDouble())
          .as("of the live heap")
          .isCloseTo(graph.retainedSize(cache) * 100.0 / reachable, org.assertj.core.data.Offset.offset(0.01));

      JsonNode threads = root.path("threads");
      assertThat(threads.size()).isEqualTo(1);
      JsonNode thread = threads.get(0);
      assertThat(thread.path("name").asText()).isEqualTo("request-worker");
      assertThat(thread.path("retainedBytes").asLong())
          .isEqualTo(graph.retainedSize(graph.indexOf(goodDump.threadId())))
          .isGreaterThanOrEqualTo(LOCAL_BUFFER_BYTES);
      JsonNode frames = thread.path("frames");
      assertThat(frames.size()).isEqualTo(2);
      assertThat(frames.get(0).path("frame").asText()).isEqualTo("com.example.app.Handler.handle(Handler.java:42)");
      assertThat(frames.get(1).path("frame").asText()).isEqualTo("java.lang.Thread.run(Thread.java:833)");
      List<Long> held = new ArrayList<>();
      frames.get(0).path("localObjects").forEach(local -> held.add(local.path("objectId").asLong()));
      assertThat(held).containsExactlyInAnyOrder(goodDump.localBufferId(), goodDump.cacheId());
    }
  }

  private static JsonNode row(JsonNode classes, String name) {
    for (JsonNode row : classes) {
      if (row.path("name").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no class row " + name);
  }

  /**
   * Class and thread names come from the dump, which is untrusted: printed raw, a name holding a
   * line break forges summary lines and an escape sequence reaches the terminal.
   */
  @Test
  void namesFromTheDumpCannotInjectLinesOrTerminalEscapes() throws IOException {
    Path file = temp.resolve("hostile-names.hprof");
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file))) {
      long objectClass = writer.loadClass("java/lang/Object");
      long evilClass = writer.loadClass("com/example/Evil\u001b[2J\nFORGED LINE");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(evilClass).superClass(objectClass).build());
      long evil = heap.newId();
      heap.instance(evil, evilClass);
      heap.rootJniGlobal(evil, 0x10).rootStickyClass(objectClass).rootStickyClass(evilClass);
      heap.endHeapDump();
    }
    CliRun result = CliRun.of("analyze", file.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Evil");
    assertThat(result.out()).as("an escape character from the dump").doesNotContain("\u001b");
    assertThat(result.out().lines()).as("a line forged by a class name").noneMatch(l -> l.startsWith("FORGED"));
  }

  // ---- broken files -------------------------------------------------------------------------

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  private static byte[] corruptLength() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      writer.declareNextRecordLengthOffBy(1_000_000).utf8("a name that lies about its length");
      writer.beginHeapDumpSegments().classDump(ClassSpec.builder(objectClass).build()).endHeapDump();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] unknownTag() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      writer.rawRecord(0x77, 0, 4, new byte[] {1, 2, 3, 4});
      writer.beginHeapDumpSegments().classDump(ClassSpec.builder(objectClass).build()).endHeapDump();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] hugeArray() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.primitiveArrayRaw(heap.newId(), BasicType.LONG, Integer.MAX_VALUE, new byte[64]);
      heap.rootStickyClass(objectClass);
      heap.endHeapDump();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] fieldType99() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long classId = writer.loadClass("com/example/Weird");
      long field = writer.utf8("field");
      ByteArrayOutputStream record = new ByteArrayOutputStream();
      record.write(0x20);
      writeLong(record, classId);
      writeInt(record, 0);
      for (int i = 0; i < 6; i++) {
        writeLong(record, 0);
      }
      writeInt(record, 8);
      record.write(new byte[] {0, 0, 0, 0, 0, 1});
      writeLong(record, field);
      record.write(99);
      writer.beginHeapDumpSegments().rawSubRecord(record.toByteArray()).rootStickyClass(classId).endHeapDump();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] headerOnly() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      writer.loadClass("java/lang/Object");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static byte[] shortThread() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HprofWriter writer = HprofWriter.open(out)) {
      long objectClass = writer.loadClass("java/lang/Object");
      long threadClass = writer.loadClass("java/lang/Thread");
      long name = writer.utf8("name");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(threadClass).superClass(objectClass)
          .instanceField(name, BasicType.OBJECT).build());
      long thread = heap.newId();
      heap.instanceRaw(thread, threadClass, new byte[] {0, 0, 0, 5});
      heap.rootThreadObject(thread, 1, 0);
      heap.rootStickyClass(objectClass).rootStickyClass(threadClass);
      heap.endHeapDump();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private static void writeLong(ByteArrayOutputStream out, long value) {
    writeInt(out, (int) (value >>> 32));
    writeInt(out, (int) value);
  }
}

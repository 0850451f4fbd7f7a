package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads recordings made in this JVM of known work and finds that work in the views. */
class RecordingReaderTest {
  private static final RecordingOptions NO_JMC_RULES = new RecordingOptions(false, JmcRules.NONE, Duration.ofSeconds(5));

  @TempDir
  static Path directory;

  private static TestRecordings.Workload first;
  private static TestRecordings.Workload second;
  private static Recording recording;

  @BeforeAll
  static void record() throws Exception {
    first = TestRecordings.record(directory.resolve("first.jfr"), "heaplens-first-");
    second = TestRecordings.record(directory.resolve("second.jfr"), "heaplens-second-");
    recording = RecordingReader.read(first.file(), NO_JMC_RULES);
  }

  @Test
  void describesTheJvm() {
    RecordingFacts facts = recording.facts();
    assertThat(facts.jvmName()).isNotBlank();
    assertThat(facts.jvmVersion()).contains(System.getProperty("java.vm.version"));
    assertThat(facts.chunks()).isEqualTo(1);
    assertThat((double) facts.maxHeapBytes()).isCloseTo(Runtime.getRuntime().maxMemory(), within(0.05 * facts.maxHeapBytes()));
    assertThat(facts.collector()).isNotBlank();
    assertThat(facts.flags()).containsKey("MaxHeapSize");
    assertThat(facts.start()).isBefore(Instant.now());
    assertThat(facts.duration()).isPositive();
    assertThat(facts.eventCounts()).containsKey("jdk.ThreadStart").containsKey("jdk.ObjectAllocationSample");
    assertThat(facts.eventCounts().get("jdk.ThreadStart")).isGreaterThanOrEqualTo(TestRecordings.STARTED_THREADS);
    assertThat(facts.totalEvents()).isEqualTo(facts.eventCounts().values().stream().mapToLong(Long::longValue).sum());
    assertThat(recording.warnings()).isEmpty();
  }

  @Test
  void findsTheStartedThreadsWithTheStartingMethod() {
    for (int i = 0; i < TestRecordings.STARTED_THREADS; i++) {
      long id = first.threadIds().get(i);
      ThreadStart start = recording.threadStarts().stream()
          .filter(s -> s.javaThreadId() == id).findFirst().orElseThrow();
      assertThat(start.threadName()).isEqualTo(first.threadNames().get(i));
      assertThat(start.parentThreadName()).isEqualTo(first.parentName());
      assertThat(start.stack().firstFrame(frame -> frame.methodName().equals("startThreads")))
          .hasValueSatisfying(frame -> assertThat(frame.className()).isEqualTo(TestRecordings.class.getName()));
      assertThat(recording.threadEnds()).anyMatch(end -> end.javaThreadId() == id);
    }
    assertThat(recording.threadCounts()).isNotEmpty().allMatch(count -> count.active() > 0 && count.peak() >= count.active());
    assertInTimeOrder(recording.threadStarts(), ThreadStart::time);
  }

  @Test
  void attributesTheBufferAllocationsToTheAllocatingMethod() {
    AllocationSite site = recording.allocations().stream()
        .filter(s -> s.objectClass().equals("byte[]"))
        .filter(s -> s.stack().firstFrame(frame -> frame.methodName().equals("allocateBuffers")).isPresent())
        .findFirst().orElseThrow();
    assertThat(site.weightBytes()).isPositive();
    assertThat(site.largestBytes()).isGreaterThanOrEqualTo(TestRecordings.BUFFER_BYTES);
    assertThat(site.outsideTlabBytes()).isGreaterThanOrEqualTo((long) TestRecordings.BUFFER_BYTES * TestRecordings.BUFFERS);
    assertThat(site.stack().frames().get(0).className()).isEqualTo(TestRecordings.class.getName());
    assertThat(recording.allocations()).isSortedAccordingTo(
        Comparator.comparingLong(AllocationSite::weightBytes).reversed());
  }

  @Test
  void followsTheHeapAndTheCollections() {
    assertThat(recording.heapAfterGc()).isNotEmpty().allMatch(after -> after.usedBytes() > 0 && after.committedBytes() > 0);
    assertThat(recording.gcPauses()).anyMatch(pause -> "System.gc()".equals(pause.cause()));
    assertThat(recording.gcPauses()).allMatch(pause -> pause.collector() != null && !pause.sumOfPauses().isNegative());
    assertInTimeOrder(recording.heapAfterGc(), HeapAfterGc::time);
    assertThat(recording.liveSetTrend().maxHeapBytes()).isEqualTo(recording.facts().maxHeapBytes());
  }

  @Test
  void reportsRetainedBuffersAsOldObjectsWithTheirPathToARoot() {
    OldObjectSample buffer = recording.oldObjects().stream()
        .filter(sample -> sample.objectClass().equals("byte[]"))
        .filter(sample -> sample.allocationStack().firstFrame(f -> f.methodName().equals("allocateBuffers")).isPresent())
        .findFirst().orElseThrow();
    assertThat(buffer.arrayElements()).isEqualTo(TestRecordings.BUFFER_BYTES);
    assertThat(buffer.referenceChain()).isNotEmpty().last().isEqualTo("byte[]");
    assertThat(buffer.referenceChain()).anyMatch(entry -> entry.contains("RETAINED"));
    assertThat(buffer.referenceChain()).contains("java.util.ArrayList.elementData");
    assertThat(buffer.root()).isNotBlank();
    assertThat(buffer.lastKnownHeapUsageBytes()).isPositive();
    assertInTimeOrder(recording.oldObjects(), OldObjectSample::allocationTime);
  }

  @Test
  void sumsSocketIoPerEndpointWithTheEndOfStream() {
    SocketEndpoint server = recording.sockets().stream()
        .filter(endpoint -> endpoint.port() == first.serverPort()).findFirst().orElseThrow();
    assertThat(server.host()).isIn("localhost", "127.0.0.1");
    assertThat(server.writes()).isPositive();
    assertThat(server.bytesWritten()).isEqualTo(64);
    assertThat(server.reads()).isGreaterThanOrEqualTo(2);
    assertThat(server.bytesRead()).isEqualTo(128);
    assertThat(server.endOfStreamReads()).isGreaterThanOrEqualTo(1);
    assertThat(server.distinctLocalThreads()).isEqualTo(1);
  }

  @Test
  void recordsTheThrownErrorAndCountsExceptions() {
    ThrownError error = recording.errors().stream()
        .filter(e -> e.errorClass().equals(TestRecordings.ResourceExhaustedError.class.getName()))
        .findFirst().orElseThrow();
    assertThat(error.message()).isEqualTo("test");
    assertThat(error.threadName()).isEqualTo(first.parentName());
    assertThat(error.stack().firstFrame(frame -> frame.methodName().equals("raiseError"))).isPresent();
    assertThat(recording.exceptionsThrown()).isGreaterThanOrEqualTo(TestRecordings.THROWN_EXCEPTIONS);
  }

  @Test
  void samplesTheSpinningMethod() {
    assertThat(recording.cpuSamples()).isNotEmpty();
    assertThat(recording.cpuSamples())
        .anyMatch(samples -> samples.stack().firstFrame(frame -> frame.methodName().equals("spin")).isPresent());
    assertThat(recording.cpuSamples()).isSortedAccordingTo(Comparator.comparingLong(StackSamples::samples).reversed());
  }

  @Test
  void readsConcatenatedRecordingsAsOneOfManyChunks() throws Exception {
    Recording secondAlone = RecordingReader.read(second.file(), NO_JMC_RULES);
    Path both = TestRecordings.concatenate(first.file(), second.file(), directory.resolve("both.jfr"));

    Recording combined = RecordingReader.read(both, NO_JMC_RULES);

    assertThat(combined.facts().chunks()).isEqualTo(2);
    for (String type : combined.facts().eventCounts().keySet()) {
      long expected = recording.facts().eventCounts().getOrDefault(type, 0L)
          + secondAlone.facts().eventCounts().getOrDefault(type, 0L);
      assertThat(combined.facts().eventCounts().get(type)).as(type).isEqualTo(expected);
    }
    assertThat(combined.facts().totalEvents())
        .isEqualTo(recording.facts().totalEvents() + secondAlone.facts().totalEvents());
    assertThat(combined.threadStarts()).hasSize(recording.threadStarts().size() + secondAlone.threadStarts().size());
    assertThat(combined.threadStarts()).extracting(ThreadStart::javaThreadId)
        .containsAll(first.threadIds()).containsAll(second.threadIds());
    // An event of the second recording may have begun before the first one started (a long wait).
    Instant earliest = secondAlone.facts().start().isBefore(recording.facts().start())
        ? secondAlone.facts().start() : recording.facts().start();
    assertThat(combined.facts().start()).isEqualTo(earliest);
    assertInTimeOrder(combined.threadStarts(), ThreadStart::time);
  }

  @Test
  void readsAChunkOnlyOnceWhenAFileRepeatsIt() throws Exception {
    Path twice = TestRecordings.concatenate(first.file(), first.file(), directory.resolve("twice.jfr"));

    Recording read = RecordingReader.read(twice, NO_JMC_RULES);

    assertThat(read.facts().totalEvents()).isEqualTo(recording.facts().totalEvents());
    assertThat(read.warnings()).singleElement().asString().contains("chunk 2 at offset").contains("repeats chunk 1");
  }

  @Test
  void readsAGzippedRecordingAndDeletesTheDecompressedCopy() throws Exception {
    Path gzipped = directory.resolve("first.jfr.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
      Files.copy(first.file(), out);
    }
    List<Path> temporaryBefore = temporaryCopies();

    Recording read = RecordingReader.read(gzipped, NO_JMC_RULES);

    assertThat(RecordingReader.isRecording(gzipped)).isTrue();
    assertThat(read.facts().eventCounts()).isEqualTo(recording.facts().eventCounts());
    assertThat(read.threadStarts()).isEqualTo(recording.threadStarts());
    assertThat(temporaryCopies()).isEqualTo(temporaryBefore);
  }

  @Test
  void tellsRecordingsByTheirContent() throws Exception {
    assertThat(RecordingReader.isRecording(first.file())).isTrue();
    Path text = Files.writeString(directory.resolve("notes.jfr"), "not a recording");
    assertThat(RecordingReader.isRecording(text)).isFalse();
    Path empty = Files.createFile(directory.resolve("empty.jfr"));
    assertThat(RecordingReader.isRecording(empty)).isFalse();
    Path gzippedText = directory.resolve("notes.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzippedText))) {
      out.write("not a recording".getBytes());
    }
    assertThat(RecordingReader.isRecording(gzippedText)).isFalse();
  }

  private static List<Path> temporaryCopies() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().startsWith("heaplens-decompressed-")).sorted().toList();
    }
  }

  private static <T> void assertInTimeOrder(List<T> events, Function<T, Instant> time) {
    assertThat(events).extracting(time).isSortedAccordingTo(Comparator.naturalOrder());
  }
}

package io.heaplens.jfr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not recordings, or truncated or corrupt ones: one-line errors, or warnings when lenient. */
class BadRecordingTest {
  private static final RecordingOptions STRICT = new RecordingOptions(false, JmcRules.NONE, Duration.ofSeconds(5));
  private static final RecordingOptions LENIENT = new RecordingOptions(true, JmcRules.NONE, Duration.ofSeconds(5));

  @TempDir
  static Path directory;

  private static TestRecordings.Workload first;
  private static TestRecordings.Workload second;
  private static byte[] firstBytes;
  private static byte[] secondBytes;

  @BeforeAll
  static void record() throws Exception {
    first = TestRecordings.record(directory.resolve("first.jfr"), "bad-first-");
    second = TestRecordings.record(directory.resolve("second.jfr"), "bad-second-");
    firstBytes = Files.readAllBytes(first.file());
    secondBytes = Files.readAllBytes(second.file());
  }

  @Test
  void anEmptyFileWasNotWritten() throws Exception {
    Path empty = Files.createFile(directory.resolve("empty.jfr"));

    assertThat(failure(empty, STRICT)).contains(empty + " is empty (0 bytes): the recording was not written");
    assertThat(failure(empty, LENIENT)).contains("is empty (0 bytes)");
  }

  @Test
  void aTextFileIsNotARecording() throws Exception {
    Path text = Files.writeString(directory.resolve("notes.jfr"), "Dear diary,\nno recording today.\n");

    assertThat(failure(text, STRICT))
        .contains(text + " does not start with the JFR magic 'FLR\\0' (its first bytes are 44 65 61 72)")
        .contains("not a flight recording");
  }

  @Test
  void aTruncatedChunkFailsUnlessLenient() throws Exception {
    int cut = firstBytes.length + secondBytes.length / 2;
    Path truncated = write("truncated.jfr", Arrays.copyOf(concatenation(), cut));

    assertThat(failure(truncated, STRICT)).isEqualTo(truncated + ": chunk 2 at offset " + firstBytes.length
        + " declares " + secondBytes.length + " bytes but the file ends at " + cut
        + "; rerun with --lenient to analyze the 1 complete chunk before it");

    Recording lenient = RecordingReader.read(truncated, LENIENT);
    assertThat(lenient.warnings()).containsExactly("chunk 2 at offset " + firstBytes.length + " declares "
        + secondBytes.length + " bytes but the file ends at " + cut + "; analyzed the 1 complete chunk before it");
    assertThat(lenient.facts().chunks()).isEqualTo(1);
    assertThat(lenient.threadStarts()).extracting(ThreadStart::javaThreadId)
        .containsAll(first.threadIds()).doesNotContainAnyElementsOf(second.threadIds());
  }

  @Test
  void aFileCutInItsFirstChunkHasNothingToAnalyze() throws Exception {
    Path truncated = write("cut.jfr", Arrays.copyOf(firstBytes, firstBytes.length / 3));

    assertThat(failure(truncated, STRICT)).contains("chunk 1 at offset 0 declares " + firstBytes.length + " bytes")
        .contains("no chunk is complete");
    assertThat(failure(truncated, LENIENT)).contains("no chunk is complete");
  }

  @Test
  void hostileChunkSizesAreRejectedBeforeAnythingIsRead() throws Exception {
    for (long size : new long[] {1L << 62, Long.MAX_VALUE, -1, 3}) {
      byte[] bytes = firstBytes.clone();
      ByteBuffer.wrap(bytes).putLong(8, size);
      Path hostile = write("hostile.jfr", bytes);

      assertThat(failure(hostile, STRICT)).contains("chunk 1 at offset 0 declares an impossible size of " + size);
    }
  }

  @Test
  void aHostileSecondChunkIsLeftOutWhenLenient() throws Exception {
    byte[] bytes = concatenation();
    ByteBuffer.wrap(bytes).putLong(firstBytes.length + 8, 1L << 62);
    Path hostile = write("hostile-second.jfr", bytes);

    assertThat(failure(hostile, STRICT)).contains("chunk 2 at offset " + firstBytes.length
        + " declares an impossible size").contains("rerun with --lenient to analyze the 1 complete chunk before it");
    Recording lenient = RecordingReader.read(hostile, LENIENT);
    assertThat(lenient.facts().chunks()).isEqualTo(1);
    assertThat(lenient.warnings()).singleElement().asString().contains("chunk 2");
  }

  @Test
  void randomBytesAfterTheMagicAreNotARecording() throws Exception {
    Random random = new Random(42);
    for (int attempt = 0; attempt < 20; attempt++) {
      byte[] bytes = new byte[4096];
      random.nextBytes(bytes);
      System.arraycopy(new byte[] {'F', 'L', 'R', 0}, 0, bytes, 0, 4);
      Path garbage = write("garbage.jfr", bytes);

      assertThat(failure(garbage, STRICT)).contains("chunk 1 at offset 0");
    }
  }

  @Test
  void aChunkWithRandomContentIsCorrupt() throws Exception {
    Random random = new Random(7);
    for (int attempt = 0; attempt < 10; attempt++) {
      byte[] bytes = firstBytes.clone();
      byte[] noise = new byte[bytes.length - ChunkLayout.HEADER_BYTES];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, bytes, ChunkLayout.HEADER_BYTES, noise.length);
      Path corrupt = write("noise.jfr", bytes);

      assertThat(failure(corrupt, STRICT)).contains("chunk 1 at offset 0 is corrupt");
    }
  }

  @Test
  void noneOfACorruptChunksEventsRemainWhenItIsLeftOut() throws Exception {
    Recording firstAlone = RecordingReader.read(first.file(), STRICT);
    Random random = new Random(11);
    for (int attempt = 0; attempt < 5; attempt++) {
      byte[] bytes = concatenation();
      // Noise over the second half of the second chunk: its metadata, and events after some good ones.
      int from = firstBytes.length + secondBytes.length / 2;
      byte[] noise = new byte[bytes.length - from];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, bytes, from, noise.length);
      Path corrupt = write("noisy-second.jfr", bytes);

      Recording lenient = RecordingReader.read(corrupt, LENIENT);

      assertThat(lenient.warnings()).singleElement().asString().startsWith("chunk 2 at offset " + firstBytes.length
          + " is corrupt").endsWith("; left it out");
      assertThat(lenient.facts().chunks()).isEqualTo(1);
      assertThat(lenient.facts().eventCounts()).isEqualTo(firstAlone.facts().eventCounts());
    }
  }

  @Test
  void aCorruptSecondChunkIsLeftOutWhenLenient() throws Exception {
    byte[] bytes = concatenation();
    // The second chunk's constant pools "start" past its end.
    ByteBuffer.wrap(bytes).putLong(firstBytes.length + 16, secondBytes.length + 100L);
    Path corrupt = write("corrupt-second.jfr", bytes);

    assertThat(failure(corrupt, STRICT)).isEqualTo(corrupt + ": chunk 2 at offset " + firstBytes.length
        + " is corrupt: its constant pool chain points to offset " + (secondBytes.length + 100)
        + ", outside the chunk; rerun with --lenient to analyze the other chunks");
    Recording lenient = RecordingReader.read(corrupt, LENIENT);
    assertThat(lenient.facts().chunks()).isEqualTo(1);
    assertThat(lenient.warnings()).containsExactly("chunk 2 at offset " + firstBytes.length
        + " is corrupt: its constant pool chain points to offset " + (secondBytes.length + 100)
        + ", outside the chunk; left it out");
  }

  @Test
  void aMetadataStringCountLargerThanTheChunkIsRejected() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // The metadata event: size, type 0, start, duration, id, then two billion strings.
    writeVarLong(body, 40);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, Integer.MAX_VALUE);
    Path bomb = write("bomb.jfr", chunk(body.toByteArray(), ChunkLayout.HEADER_BYTES));

    assertThat(failure(bomb, STRICT)).contains("chunk 1 at offset 0 is corrupt: its metadata declares 2147483647 strings");
  }

  @Test
  void anEventOfNegativeSizeIsRejected() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    // An event of size -8 would send the parser back to where it started, forever.
    writeVarLong(body, 0xFFFFFFF8L);
    writeVarLong(body, 20);
    int metadata = ChunkLayout.HEADER_BYTES + body.size();
    writeVarLong(body, 6);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, 0);
    writeVarLong(body, 1);
    Path looping = write("looping.jfr", chunk(body.toByteArray(), metadata));

    assertThat(failure(looping, STRICT))
        .contains("chunk 1 at offset 0 is corrupt: the event at offset 68 declares -8 bytes");
  }

  @Test
  void aTruncatedGzipFailsUnlessLenient() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(compressed)) {
      out.write(concatenation());
    }
    byte[] gzip = compressed.toByteArray();
    Path truncated = write("truncated.jfr.gz", Arrays.copyOf(gzip, gzip.length - 200));

    assertThat(failure(truncated, STRICT)).contains(truncated + " is gzip-compressed, but decompressing it failed after")
        .contains("rerun with --lenient");
    Recording lenient = RecordingReader.read(truncated, LENIENT);
    assertThat(lenient.facts().chunks()).isEqualTo(1);
    assertThat(lenient.warnings()).hasSize(2).first().asString().contains("gzip stream is truncated");
  }

  @Test
  void aMissingFileCannotBeRead() {
    assertThatThrownBy(() -> RecordingReader.read(directory.resolve("missing.jfr"), STRICT))
        .isInstanceOf(IOException.class);
  }

  /** The failure's message, checked to be one line without a stack trace. */
  private static String failure(Path file, RecordingOptions options) {
    RecordingFormatException failure =
        catchThrowableOfType(RecordingFormatException.class, () -> RecordingReader.read(file, options));
    assertThat(failure).as("reading " + file + " fails").isNotNull();
    assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain("\tat ");
    return failure.getMessage();
  }

  private static byte[] concatenation() {
    byte[] both = Arrays.copyOf(firstBytes, firstBytes.length + secondBytes.length);
    System.arraycopy(secondBytes, 0, both, firstBytes.length, secondBytes.length);
    return both;
  }

  /** A chunk of compressed integers with the given body, its metadata at the given offset and no constant pools. */
  private static byte[] chunk(byte[] body, int metadataOffset) {
    ByteBuffer chunk = ByteBuffer.allocate(ChunkLayout.HEADER_BYTES + body.length);
    chunk.put(new byte[] {'F', 'L', 'R', 0}).putShort((short) 2).putShort((short) 1);
    chunk.putLong(ChunkLayout.HEADER_BYTES + body.length).putLong(0).putLong(metadataOffset);
    chunk.putLong(System.currentTimeMillis() * 1_000_000).putLong(1_000_000).putLong(0).putLong(1_000_000_000);
    chunk.putInt(1);
    chunk.put(body);
    return chunk.array();
  }

  /** JFR's compressed integers: 7 bits a byte, low bits first. */
  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(directory.resolve(name), bytes);
  }
}

package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kept index answers every question as the analysis that wrote it, and is never used when it
 * cannot be trusted: damaged, cut short, of another format version, or for a dump that changed.
 */
class KeptIndexTest {
  @TempDir Path work;

  @Test
  void aKeptIndexAnswersLikeTheDumpItself() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    assertKeptIndexAgreesWithFreshRead(dump);
  }

  @Test
  void aGzipDumpsKeptIndexAnswersLikeTheDumpItself() throws Exception {
    Path dump = copy(RealDumps.knownGraph().gzipHeapDump().orElseThrow(), "known.hprof.gz");
    assertKeptIndexAgreesWithFreshRead(dump);
  }

  @Test
  void writtenDumpsOfEveryShapeAndFormatKeepIndexesThatAnswerAlike() throws Exception {
    List<SyntheticGraphs.Format> formats = List.of(SyntheticGraphs.Format.defaults(),
        SyntheticGraphs.Format.defaults().idSize(4),
        SyntheticGraphs.Format.defaults().shuffledIds(7).segments(4096));
    int written = 0;
    List<SyntheticGraphs.Spec> specs = new ArrayList<>(SyntheticGraphs.allShapes());
    // Enough objects out of identifier order that the identifier index keeps permutations.
    specs.add(SyntheticGraphs.random(5, 5000));
    for (SyntheticGraphs.Spec spec : specs) {
      for (SyntheticGraphs.Format format : formats) {
        Path dump = SyntheticGraphs.write(spec, work.resolve("written-" + written++ + ".hprof"), format).file();
        assertKeptIndexAgreesWithFreshRead(dump);
      }
    }
  }

  @Test
  void aDamagedIndexIsRebuilt() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    Path index = keepIndex(dump);
    try (RandomAccessFile file = new RandomAccessFile(index.toFile(), "rw")) {
      long middle = file.length() / 2;
      file.seek(middle);
      int value = file.read();
      file.seek(middle);
      file.write(value ^ 0x10);
    }
    assertRebuiltThenKept(dump);
  }

  @Test
  void aTruncatedIndexIsRebuilt() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    Path index = keepIndex(dump);
    try (RandomAccessFile file = new RandomAccessFile(index.toFile(), "rw")) {
      file.setLength(file.length() / 3);
    }
    assertRebuiltThenKept(dump);
  }

  @Test
  void anIndexOfAnotherFormatVersionIsRebuilt() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    Path index = keepIndex(dump);
    Files.delete(index);
    // Intact (its checksum matches) but written by another version of the format.
    try (IndexOutput out = new IndexOutput(index)) {
      out.writeLong(KeptIndex.MAGIC);
      out.writeInt(KeptIndex.FORMAT_VERSION + 1);
      out.writeBoolean(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN);
      out.writeString(IndexCache.keyOf(dump, false).text());
      out.finish();
    }
    assertRebuiltThenKept(dump);
  }

  @Test
  void aChangedDumpMissesTheCache() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    IndexCache.Key original = IndexCache.keyOf(dump, false);
    keepIndex(dump);

    FileTime modified = Files.getLastModifiedTime(dump);
    Files.setLastModifiedTime(dump, FileTime.fromMillis(modified.toMillis() + 60_000));
    assertThat(IndexCache.keyOf(dump, false)).isNotEqualTo(original);
    assertThat(phasesOfOpening(dump, cache())).as("a newer modification time").contains("reading objects");

    // The same size and modification time, one byte of the last megabyte changed.
    Files.setLastModifiedTime(dump, modified);
    assertThat(IndexCache.keyOf(dump, false)).isEqualTo(original);
    try (RandomAccessFile file = new RandomAccessFile(dump.toFile(), "rw")) {
      file.seek(file.length() - 3);
      int value = file.read();
      file.seek(file.length() - 3);
      file.write(value ^ 1);
    }
    Files.setLastModifiedTime(dump, modified);
    assertThat(IndexCache.keyOf(dump, false)).isNotEqualTo(original);

    Path longer = copy(dump, "longer.hprof");
    Files.write(longer, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    Files.setLastModifiedTime(longer, modified);
    assertThat(IndexCache.keyOf(longer, false).text()).isNotEqualTo(original.text());
    assertThat(IndexCache.keyOf(dump, true)).as("a lenient read").isNotEqualTo(IndexCache.keyOf(dump, false));
  }

  @Test
  void aRememberedDigestIsForgottenWhenTheDumpChanges() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    String digest = "ab".repeat(32);
    assertThat(cache().rememberedSha256(dump)).isNull();
    cache().rememberSha256(dump, digest);
    assertThat(cache().rememberedSha256(dump)).isEqualTo(digest);
    Files.setLastModifiedTime(dump, FileTime.fromMillis(Files.getLastModifiedTime(dump).toMillis() + 1000));
    assertThat(cache().rememberedSha256(dump)).isNull();
    assertThat(IndexCache.disabled().rememberedSha256(dump)).isNull();
  }

  @Test
  void theLeastRecentlyUsedIndexesAreEvictedBeyondTheBound() throws Exception {
    Path first = copy(RealDumps.knownGraph().heapDump(), "first.hprof");
    Path second = copy(first, "second.hprof");
    Files.setLastModifiedTime(second, FileTime.fromMillis(Files.getLastModifiedTime(first).toMillis() + 1000));
    long indexBytes = Files.size(keepIndex(first));
    IndexCache bounded = IndexCache.at(work.resolve("cache"), indexBytes + indexBytes / 2);

    Files.setLastModifiedTime(indexFiles().get(0), FileTime.fromMillis(0));
    phasesOfOpening(second, bounded);
    assertThat(indexFiles()).hasSize(1);
    assertThat(phasesOfOpening(second, bounded)).as("the newer index is kept").containsExactly("done");
    assertThat(phasesOfOpening(first, bounded)).as("the older one was evicted").contains("reading objects");

    Files.walk(work.resolve("cache")).filter(Files::isRegularFile).forEach(KeptIndexTest::delete);
    IndexCache tooSmall = IndexCache.at(work.resolve("cache"), indexBytes - 1);
    phasesOfOpening(first, tooSmall);
    assertThat(indexFiles()).as("an index larger than the bound is not kept").isEmpty();
  }

  @Test
  void aHalfWrittenIndexOfAKilledRunIsNeverReadAndIsCleanedUpOnceAbandoned() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    Path cacheDirectory = Files.createDirectories(work.resolve("cache"));
    String name = IndexCache.keyOf(dump, false).fileName();
    Path abandoned = Files.write(cacheDirectory.resolve(name + ".4242-1.tmp"), new byte[4096]);
    Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 7 * 3600_000L));
    Path writing = Files.write(cacheDirectory.resolve(name + ".4243-2.tmp"), new byte[4096]);

    assertThat(phasesOfOpening(dump, cache())).as("parsed, not read from a temporary file")
        .contains("reading objects");
    assertThat(abandoned).as("abandoned by a killed run").doesNotExist();
    assertThat(writing).as("perhaps still being written by another run").exists();
    assertThat(cacheDirectory.resolve(name)).exists();
  }

  @Test
  void noCacheWritesNothing() throws Exception {
    Path dump = copy(RealDumps.knownGraph().heapDump(), "known.hprof");
    try (HeapGraph graph = HprofReader.open(dump, ReadOptions.defaults().withTempDirectory(work))) {
      assertThat(graph.objectCount()).isPositive();
    }
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).containsExactly(dump);
    }
  }

  private void assertKeptIndexAgreesWithFreshRead(Path dump) throws Exception {
    int before = indexFiles().size();
    assertThat(phasesOfOpening(dump, cache())).contains("reading objects");
    assertThat(indexFiles()).hasSize(before + 1);
    List<String> phases = new ArrayList<>();
    ReadOptions cached = ReadOptions.defaults().withIndexCache(cache())
        .withProgress((phase, done, total) -> phases.add(phase));
    try (HeapGraph fresh = RealDumps.open(dump); HeapGraph kept = HprofReader.open(dump, cached)) {
      assertThat(phases).as("nothing parsed").doesNotContain("reading objects", "dominators: search")
          .contains("done");
      GraphComparison.assertSame(fresh, kept);
    }
  }

  private void assertRebuiltThenKept(Path dump) throws Exception {
    List<String> phases = new ArrayList<>();
    ReadOptions cached = ReadOptions.defaults().withIndexCache(cache())
        .withProgress((phase, done, total) -> phases.add(phase));
    try (HeapGraph fresh = RealDumps.open(dump); HeapGraph rebuilt = HprofReader.open(dump, cached)) {
      assertThat(phases).as("the dump was read again").contains("reading objects");
      GraphComparison.assertSame(fresh, rebuilt);
    }
    assertThat(phasesOfOpening(dump, cache())).as("the rebuilt index is used").containsExactly("done");
  }

  private Path keepIndex(Path dump) throws Exception {
    phasesOfOpening(dump, cache());
    List<Path> files = indexFiles();
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private List<String> phasesOfOpening(Path dump, IndexCache cache) throws Exception {
    List<String> phases = new ArrayList<>();
    ReadOptions options = ReadOptions.defaults().withIndexCache(cache)
        .withProgress((phase, done, total) -> phases.add(phase));
    try (HeapGraph graph = HprofReader.open(dump, options)) {
      assertThat(graph.objectCount()).isPositive();
    }
    return phases;
  }

  private IndexCache cache() {
    return IndexCache.at(work.resolve("cache"), IndexCache.DEFAULT_MAX_BYTES);
  }

  private List<Path> indexFiles() throws IOException {
    Path directory = work.resolve("cache");
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  private Path copy(Path source, String name) throws IOException {
    Path target = work.resolve(name);
    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
    return target;
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

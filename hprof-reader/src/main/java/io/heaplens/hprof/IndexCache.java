package io.heaplens.hprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Where kept indexes live, so that a second analysis of the same dump maps the first one's index
 * instead of parsing the dump again (see {@link KeptIndex}).
 *
 * <p>An index is found by a key made of the dump's size, its modification time and a SHA-256 of its
 * first and last megabyte, plus whether it was read leniently; a dump changed in any of these gets a
 * new index. The file holds a format version and a CRC-32C of its content: an index written by
 * another version, cut short or damaged is deleted and rebuilt, never used. Indexes are written
 * under a temporary name and renamed once complete, so a run killed while writing leaves nothing
 * that looks like an index. After each write the least recently used indexes are deleted until the
 * directory holds at most {@link #maxBytes()}; an index larger than that bound is not kept at all.
 *
 * <p>Next to an index, the cache can remember the whole dump's SHA-256 ({@link #rememberSha256}),
 * which a report names the dump by and which takes seconds to compute on a large dump.
 */
public final class IndexCache {
  /** The largest default bound: 20 GiB, room for the indexes of a few dumps of tens of gigabytes. */
  public static final long DEFAULT_MAX_BYTES = 20L << 30;
  /** The default bound's share of the free disk, so that a small disk is not filled by indexes. */
  private static final int FREE_DISK_SHARE_DIVISOR = 4;

  private static final String SUFFIX = ".hlidx";
  private static final String DIGEST_SUFFIX = ".sha256";
  private static final String TEMPORARY_SUFFIX = ".tmp";
  private static final int HASHED_BYTES = 1 << 20;
  /** A temporary file this old belongs to a run that was killed, not one still writing. */
  private static final Duration ABANDONED = Duration.ofHours(6);
  private static final IndexCache DISABLED = new IndexCache(null, 0);

  private final Path directory;
  private final long maxBytes;

  private IndexCache(Path directory, long maxBytes) {
    this.directory = directory;
    this.maxBytes = maxBytes;
  }

  /** No index is read or written. */
  public static IndexCache disabled() {
    return DISABLED;
  }

  /** Indexes kept in {@code directory} (created when needed), at most {@code maxBytes} in all. */
  public static IndexCache at(Path directory, long maxBytes) {
    Objects.requireNonNull(directory, "directory");
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a negative bound: " + maxBytes);
    }
    return new IndexCache(directory, maxBytes);
  }

  /** {@code $XDG_CACHE_HOME/heaplens}, or {@code ~/.cache/heaplens} when that is not set. */
  public static Path defaultDirectory() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "heaplens");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "heaplens");
  }

  /**
   * The default bound for a cache in {@code directory}: {@link #DEFAULT_MAX_BYTES} or a quarter of
   * the free space of its disk, whichever is smaller.
   */
  public static long defaultMaxBytes(Path directory) throws IOException {
    Path existing = directory.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return DEFAULT_MAX_BYTES;
    }
    return Math.min(DEFAULT_MAX_BYTES, Files.getFileStore(existing).getUsableSpace() / FREE_DISK_SHARE_DIVISOR);
  }

  public boolean enabled() {
    return directory != null;
  }

  /** The directory, or null when disabled. */
  public Path directory() {
    return directory;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Identifies one state of one dump. */
  record Key(String text) {
    /** The index file's name: a digest of the key, so any dump name or path fits. */
    String fileName() {
      return digestName() + SUFFIX;
    }

    String digestName() {
      return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
  }

  /**
   * The SHA-256 of the whole dump remembered by {@link #rememberSha256} for the dump as it is now
   * (same size, modification time, first and last megabyte), or null.
   */
  public String rememberedSha256(Path dump) throws IOException {
    if (!enabled()) {
      return null;
    }
    Key key = keyOf(dump, false);
    Path file = directory.resolve(key.digestName() + DIGEST_SUFFIX);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (lines.size() != 2 || !lines.get(0).equals(key.text()) || !lines.get(1).matches("[0-9a-f]{64}")) {
      Files.deleteIfExists(file);
      return null;
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    return lines.get(1);
  }

  /**
   * Remembers the SHA-256 of the whole dump, as computed by the caller, for {@link
   * #rememberedSha256}; it is forgotten when the dump changes or the least recently used entries
   * are evicted.
   *
   * @throws IOException it could not be written (no later analysis is affected but in time)
   */
  public void rememberSha256(Path dump, String sha256) throws IOException {
    if (!enabled()) {
      return;
    }
    Key key = keyOf(dump, false);
    Files.createDirectories(directory);
    Path temporary = directory.resolve(key.digestName() + DIGEST_SUFFIX + "." + ProcessHandle.current().pid()
        + "-" + System.nanoTime() + TEMPORARY_SUFFIX);
    try {
      Files.writeString(temporary, key.text() + "\n" + sha256 + "\n", StandardCharsets.UTF_8);
      Path target = directory.resolve(key.digestName() + DIGEST_SUFFIX);
      moveIntoPlace(temporary, target);
      evict(target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The key of the dump as it is now. */
  static Key keyOf(Path dump, boolean lenient) throws IOException {
    long size = Files.size(dump);
    FileTime modified = Files.getLastModifiedTime(dump);
    MessageDigest digest = sha256();
    try (FileChannel channel = FileChannel.open(dump, StandardOpenOption.READ)) {
      digestRange(channel, 0, Math.min(size, HASHED_BYTES), digest);
      long tail = Math.max(Math.min(size, HASHED_BYTES), size - HASHED_BYTES);
      digestRange(channel, tail, size - tail, digest);
    }
    return new Key("size=" + size + " modified=" + modified.toMillis() + " lenient=" + lenient
        + " head-tail-sha256=" + HexFormat.of().formatHex(digest.digest()));
  }

  /**
   * The kept index of this key as a graph over {@code dump}, or null when there is none or it
   * cannot be trusted (then it is deleted, to be rebuilt).
   */
  HeapGraph load(Key key, FileChannel dump, SpillFile spill, Runnable onClose) {
    Path file = directory.resolve(key.fileName());
    if (!Files.isRegularFile(file)) {
      return null;
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      IndexInput in = new IndexInput(channel);
      in.verify();
      if (in.readLong() != KeptIndex.MAGIC || in.readInt() != KeptIndex.FORMAT_VERSION
          || in.readBoolean() != (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
          || !key.text().equals(in.readString())) {
        throw new IndexInput.CorruptIndexException("another format, byte order or dump");
      }
      FileChannel index = channel;
      HeapGraph graph = KeptIndex.read(in, dump, spill, () -> {
        try {
          index.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot close the kept index " + file, e);
        }
        onClose.run();
      });
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      return graph;
    } catch (IOException | RuntimeException e) {
      closeQuietlyAfterFailure(channel, e);
      deleteAfterFailure(file, e);
      return null;
    }
  }

  /**
   * Keeps the graph's index under this key, then evicts the least recently used indexes beyond the
   * bound.
   *
   * @throws IOException the index could not be written (the analysis itself is unaffected)
   */
  void store(Key key, HeapGraph graph) throws IOException {
    Files.createDirectories(directory);
    Path temporary = directory.resolve(key.fileName() + "." + ProcessHandle.current().pid() + "-"
        + System.nanoTime() + TEMPORARY_SUFFIX);
    try {
      try (IndexOutput out = new IndexOutput(temporary)) {
        out.writeLong(KeptIndex.MAGIC);
        out.writeInt(KeptIndex.FORMAT_VERSION);
        out.writeBoolean(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        out.writeString(key.text());
        KeptIndex.write(graph, out);
        out.finish();
      }
      Path target = directory.resolve(key.fileName());
      moveIntoPlace(temporary, target);
      evict(target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Deletes the least recently used entries (indexes and remembered digests) until the rest fit the
   * bound, and abandoned writes.
   */
  private void evict(Path justWritten) throws IOException {
    List<Path> indexes = new ArrayList<>();
    Instant abandonedBefore = Instant.now().minus(ABANDONED);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.endsWith(SUFFIX) || name.endsWith(DIGEST_SUFFIX)) {
          indexes.add(entry);
        } else if ((name.contains(SUFFIX + ".") || name.contains(DIGEST_SUFFIX + "."))
            && name.endsWith(TEMPORARY_SUFFIX)
            && lastModified(entry).isBefore(abandonedBefore)) {
          Files.deleteIfExists(entry);
        }
      }
    }
    // Most recently used first; the one just written counts as the most recent of all.
    indexes.sort((a, b) -> a.equals(justWritten) ? -1 : b.equals(justWritten) ? 1
        : lastModified(b).compareTo(lastModified(a)));
    long total = 0;
    for (Path index : indexes) {
      long size = sizeOrZero(index);
      if (total + size > maxBytes) {
        Files.deleteIfExists(index);
      } else {
        total += size;
      }
    }
  }

  private static Instant lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH; // deleted meanwhile by another run: oldest, and its deletion is a no-op
    }
  }

  private static long sizeOrZero(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private static void closeQuietlyAfterFailure(FileChannel channel, Exception failure) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void deleteAfterFailure(Path file, Exception failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void digestRange(FileChannel channel, long from, long length, MessageDigest digest)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, from + buffer.position()) < 0) {
        throw new IOException("the dump changed while it was being read");
      }
    }
    digest.update(buffer.flip());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}

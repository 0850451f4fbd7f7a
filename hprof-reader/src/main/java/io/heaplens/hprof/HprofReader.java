package io.heaplens.hprof;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens an HPROF heap dump (plain or gzip-compressed, recognized by content) and indexes it into a
 * {@link HeapGraph}.
 *
 * <p>The phases, and what each keeps per object: a first pass over the file (identifiers, classes,
 * array lengths: about 16 bytes), the shallow sizes (4), a second pass resolving references (4 per
 * object plus 4 per reference, and the same again for the inbound direction), the dominator tree (6
 * ints while it runs, 2 kept) and retained sizes (8).
 */
public final class HprofReader {
  private static final int GZIP_MAGIC = 0x1F8B;

  private HprofReader() {}

  /**
   * Reads and indexes a dump.
   *
   * @throws HprofFormatException the file is empty, not HPROF, truncated (unless lenient) or corrupt
   * @throws IOException the file cannot be read
   */
  public static HeapGraph open(Path file, ReadOptions options) throws IOException, HprofFormatException {
    long fileBytes;
    try {
      fileBytes = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new HprofFormatException("no such file: " + file + "; check the path", -1);
    }
    List<String> warnings = new ArrayList<>();
    Path plain = file;
    Path temporary = null;
    boolean gzip = startsWithGzipMagic(file);
    if (gzip) {
      temporary = Files.createTempFile(options.tempDirectory(), "heaplens-", ".hprof");
      try {
        gunzip(file, temporary, options, warnings);
      } catch (IOException | HprofFormatException | RuntimeException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      plain = temporary;
    }
    FileChannel channel = FileChannel.open(plain, StandardOpenOption.READ);
    Path toDelete = temporary;
    Runnable onClose = () -> {
      try {
        channel.close();
        if (toDelete != null) {
          Files.deleteIfExists(toDelete);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    try {
      return index(channel, gzip, fileBytes, options, warnings, onClose);
    } catch (IOException | HprofFormatException | RuntimeException | Error e) {
      onClose.run();
      throw e;
    }
  }

  private static HeapGraph index(FileChannel channel, boolean gzip, long fileBytes, ReadOptions options,
      List<String> warnings, Runnable onClose) throws IOException, HprofFormatException {
    ProgressListener progress = options.progress();
    HprofHeader header = HprofHeader.read(channel);
    FirstPass pass = FirstPass.run(channel, header, options.lenient(), progress);
    warnings.addAll(pass.warnings);
    if (pass.segmentStarts.size() == 0) {
      throw new HprofFormatException("no heap dump in the file: it holds no HEAP DUMP record"
          + " (perhaps a CPU profile, or the dump was cut short before the heap); take a heap dump"
          + " with jcmd <pid> GC.heap_dump", channel.size());
    }

    ClassTable table = new ClassTable(pass, warnings);
    ObjectLayout layout = LayoutInference.infer(pass, table);
    long[] mirrorSizes = table.applyLayout(layout);

    int n = pass.objectCount();
    int[] classOf = pass.classSlots.toArray();
    int[] sizeIn8Bytes = pass.arrayLengths.toArray();
    long[] classSizeIn8 = new long[table.classes.size()];
    for (HeapClass heapClass : table.classes) {
      classSizeIn8[heapClass.index()] = heapClass.instanceSize() >>> 3;
    }
    for (int object = 0; object < n; object++) {
      int slot = classOf[object];
      int cls = table.classOfSlot(slot);
      long size;
      if (slot == FirstPass.CLASS_OBJECT) {
        size = 0; // set below from the class it represents
      } else {
        HeapClass heapClass = table.classes.get(cls);
        size = heapClass.isArray()
            ? LayoutInference.sizeOf(heapClass, sizeIn8Bytes[object], layout, 0)
            : classSizeIn8[cls] << 3;
      }
      classOf[object] = cls;
      sizeIn8Bytes[object] = (int) Math.min(Integer.MAX_VALUE, size >>> 3);
    }
    IdIndex ids = IdIndex.build(pass.ids.toArray());
    table.resolveObjects(ids);
    for (int slot = 0; slot < mirrorSizes.length; slot++) {
      int object = table.classes.get(slot).objectIndex();
      if (object >= 0) {
        sizeIn8Bytes[object] = (int) (mirrorSizes[slot] >>> 3);
      }
    }

    List<GcRoot> roots = new ArrayList<>();
    BitSet anyRoot = new BitSet(n);
    int missingRoots = 0;
    for (int i = 0; i < pass.rootIds.size(); i++) {
      int object = ids.indexOf(pass.rootIds.get(i));
      if (object < 0) {
        missingRoots++;
        continue;
      }
      GcRootKind kind = GcRootKind.ofTag(pass.rootTags.get(i));
      roots.add(new GcRoot(object, kind, pass.rootThreadSerials.get(i), pass.rootFrameDepths.get(i)));
      anyRoot.set(object);
    }
    if (missingRoots > 0) {
      warnings.add(missingRoots + " GC root records point to objects missing from the dump");
    }
    ThreadBoundRoots threadBound = ThreadBoundRoots.of(roots, pass, ids, n);
    int[] rootObjects = threadBound.dominatorRoots.stream().toArray();

    SecondPass second = SecondPass.run(channel, pass, ids, classOf, table, threadBound, progress);
    if (second.unresolvedReferences > 0) {
      warnings.add(String.format("%,d references point to objects missing from the dump (ignored)",
          second.unresolvedReferences));
    }
    ReferenceGraph outbound = second.graph();
    ReferenceGraph inbound = outbound.transpose();
    DominatorTree dominators = DominatorTree.compute(rootObjects, outbound, inbound, threadBound.dominatorRoots, progress);
    long[] retained = dominators.retainedSizes(object -> (long) sizeIn8Bytes[object] << 3);
    int unreachable = n - dominators.preorder.length;
    if (unreachable > 0) {
      warnings.add(String.format("%,d objects are unreachable from any GC root (garbage not yet"
          + " collected); they count in shallow sizes but retain nothing", unreachable));
    }

    DumpInfo info = new DumpInfo(header.format(), header.idSize(), header.timestampMillis(), gzip,
        fileBytes, channel.size(), layout, pass.truncatedAt, List.copyOf(warnings));
    ObjectReader reader = new ObjectReader(channel, header.idSize(), pass.blockOffsets.toArray(),
        pass.segmentStarts.toArray(), pass.segmentEnds.toArray());
    HeapGraph graph = new HeapGraph(info, table, ids, classOf, sizeIn8Bytes, outbound, inbound,
        dominators, retained, roots, rootObjects, anyRoot, reader, onClose);
    graph.setThreads(ThreadReader.read(graph, pass));
    progress.progress("done", 1, 1);
    return graph;
  }

  private static boolean startsWithGzipMagic(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer magic = ByteBuffer.allocate(2);
      channel.read(magic, 0);
      return magic.position() == 2 && (magic.getShort(0) & 0xFFFF) == GZIP_MAGIC;
    }
  }

  private static void gunzip(Path source, Path target, ReadOptions options, List<String> warnings)
      throws IOException, HprofFormatException {
    long total = Files.size(source);
    try (CountingInputStream counted = new CountingInputStream(
            new BufferedInputStream(Files.newInputStream(source), 1 << 16));
        InputStream in = new GZIPInputStream(counted, 1 << 16);
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 20];
      long nextProgress = 0;
      try {
        for (int read; (read = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, read);
          if (counted.count >= nextProgress) {
            options.progress().progress("decompressing", counted.count, total);
            nextProgress = counted.count + (32L << 20);
          }
        }
      } catch (EOFException e) {
        if (!options.lenient()) {
          throw new HprofFormatException("truncated gzip file: the compressed data ends at offset "
              + total + " before the end of the dump; the copy was cut short, rerun with --lenient"
              + " to analyze what was written", total);
        }
        warnings.add("the gzip file is truncated at offset " + total + "; analyzed what was written");
      } catch (ZipException e) {
        throw new HprofFormatException("corrupt gzip data near compressed offset " + counted.count
            + " (" + e.getMessage() + "); the file is damaged, copy it again", counted.count);
      }
    }
  }

  /** Counts the compressed bytes consumed, for progress and error offsets. */
  private static final class CountingInputStream extends java.io.FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int read = super.read(b, off, len);
      if (read > 0) {
        count += read;
      }
      return read;
    }
  }
}

package io.heaplens.hprof;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens an HPROF heap dump (plain or gzip-compressed, recognized by content) and indexes it into a
 * {@link HeapGraph}.
 *
 * <p>The phases, and what each keeps on the Java heap per object: a first pass over the file
 * (identifiers, classes, array lengths: 16 bytes, in chunks), identifiers sorted and packed (4),
 * classes and shallow sizes (8), a second pass resolving references (its results go to an index
 * file, memory-mapped: 4 bytes per object and per reference, off the heap), the dominator tree (at
 * most five ints per object while it runs, the other arrays waiting in the index file; one kept) and
 * retained sizes (4). Inbound references are reversed into the index file when first asked for.
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
    if (Files.isDirectory(file)) {
      throw new HprofFormatException(file + " is a directory; give the path of a heap dump file", -1);
    }
    List<String> warnings = new ArrayList<>();
    List<Closeable> resources = new ArrayList<>();
    Runnable release = () -> closeAll(resources);
    try {
      Path plain = file;
      boolean gzipTruncated = false;
      boolean gzip = startsWithGzipMagic(file);
      if (gzip) {
        Path temporary = Files.createTempFile(options.tempDirectory(), "heaplens-", ".hprof");
        resources.add(() -> Files.deleteIfExists(temporary));
        gzipTruncated = Gunzip.decompress(file, temporary, options, warnings);
        plain = temporary;
      }
      FileChannel channel = FileChannel.open(plain, StandardOpenOption.READ);
      resources.add(0, channel);
      SpillFile spill = new SpillFile(options.tempDirectory());
      resources.add(spill);
      IndexCache cache = options.indexCache();
      IndexCache.Key key = cache.enabled() ? IndexCache.keyOf(file, options.lenient()) : null;
      HeapGraph kept = key == null ? null : cache.load(key, channel, spill, release);
      if (kept != null) {
        options.progress().progress("done", 1, 1);
        return kept;
      }
      HeapGraph graph = index(channel, gzip, gzipTruncated, fileBytes, options, warnings, spill, release);
      if (key != null && !graph.info().truncated()) {
        keep(cache, key, graph, options.progress());
      }
      return graph;
    } catch (IOException | HprofFormatException | RuntimeException | Error e) {
      release.run();
      throw e;
    }
  }

  private static HeapGraph index(FileChannel channel, boolean gzip, boolean gzipTruncated,
      long fileBytes, ReadOptions options, List<String> warnings, SpillFile spill, Runnable release)
      throws IOException, HprofFormatException {
    ProgressListener progress = options.progress();
    HprofHeader header = HprofHeader.read(channel);
    FirstPass pass = FirstPass.run(channel, header, options.lenient(), progress);
    warnings.addAll(pass.warnings);
    if (pass.segmentStarts.size() == 0) {
      throw new HprofFormatException("no heap dump in the file: it ends at offset " + channel.size()
          + " without a HEAP DUMP record (perhaps a CPU profile, or the dump was cut short before"
          + " the heap); take a heap dump with jcmd <pid> GC.heap_dump", channel.size());
    }

    ClassTable table = new ClassTable(pass, warnings);
    AddressOrder addressOrder = AddressOrder.of(pass);
    ObjectLayout layout = LayoutInference.infer(pass, table, addressOrder);
    long[] mirrorSizes = table.applyLayout(layout);
    if (layout.inferred()) {
      LayoutInference.observedInstanceSizes(pass, table, addressOrder)
          .forEach((cls, size) -> table.classes.get(cls).setInstanceSize(size));
    }
    addressOrder = null;
    int n = pass.objectCount();
    IdIndex ids;
    try {
      ids = IdIndex.build(pass.ids, pass.classSlots);
    } catch (IdIndex.DuplicateIdException e) {
      long offset = new ObjectReader(channel, header.idSize(), pass.blockOffsets.drainToArray(),
          pass.segmentStarts.toArray(), pass.segmentEnds.toArray()).offsetOf(e.object);
      throw new HprofFormatException(String.format("corrupt dump: object id 0x%x is written twice,"
          + " the second time at offset %d; the file is damaged, take a new dump", e.id, offset), offset);
    }
    int[] classOf = pass.classSlots.drainToArray();
    int[] sizeIn8Bytes = pass.arrayLengths.drainToArray();
    for (int object = 0; object < n; object++) {
      int slot = classOf[object];
      int cls = table.classOfSlot(slot);
      HeapClass heapClass = table.classes.get(cls);
      long size = slot == FirstPass.CLASS_OBJECT ? 0 // set below, from the class it represents
          : heapClass.isArray() ? LayoutInference.sizeOf(heapClass, sizeIn8Bytes[object], layout, 0)
          : heapClass.instanceSize();
      classOf[object] = cls;
      sizeIn8Bytes[object] = (int) Math.min(Integer.MAX_VALUE, size >>> 3);
    }
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

    SecondPass.Result second = SecondPass.run(channel, pass, ids, classOf, table, threadBound, spill,
        options.indexPlacement(), progress);
    if (second.shortRecordOffset() >= 0) {
      String problem = "INSTANCE DUMP at offset " + second.shortRecordOffset() + " holds fewer field"
          + " bytes than its class declares";
      if (!options.lenient()) {
        throw new HprofFormatException("corrupt dump: " + problem + "; the file is damaged, take a"
            + " new dump, or rerun with --lenient to read such fields as missing",
            second.shortRecordOffset());
      }
      warnings.add(problem + " (and perhaps others); their missing fields read as absent");
    }
    if (second.unresolvedReferences() > 0) {
      warnings.add(String.format("%,d references point to objects missing from the dump (ignored)",
          second.unresolvedReferences()));
    }
    ReferenceGraph outbound = second.graph();
    second = null;
    // The dominator computation needs none of the per-object arrays: they wait in the index file.
    SpillFile.Slot classSlot = spill.write(classOf);
    SpillFile.Slot sizeSlot = spill.write(sizeIn8Bytes);
    classOf = null;
    sizeIn8Bytes = null;
    ids.putAside(spill);
    DominatorTree dominators = DominatorTree.compute(rootObjects, outbound, threadBound.dominatorRoots,
        spill, progress);
    int[] sizes = spill.readInts(sizeSlot);
    RetainedSizes retained = dominators.retainedSizes(sizes);
    classOf = spill.readInts(classSlot);
    ids.bringBack();
    int unreachable = n - dominators.reachable;
    if (unreachable > 0) {
      warnings.add(String.format("%,d objects are unreachable from any GC root (garbage not yet"
          + " collected); they count in shallow sizes but retain nothing", unreachable));
    }

    DumpInfo info = new DumpInfo(header.format(), header.idSize(), header.timestampMillis(), gzip,
        fileBytes, channel.size(), layout,
        pass.truncatedAt < 0 && gzipTruncated ? channel.size() : pass.truncatedAt, List.copyOf(warnings));
    ObjectReader reader = new ObjectReader(channel, header.idSize(), pass.blockOffsets.drainToArray(),
        pass.segmentStarts.toArray(), pass.segmentEnds.toArray());
    HeapGraph graph = new HeapGraph(info, table.classes, table.javaLangClass, ids, classOf, sizes, outbound,
        new InboundReferences(outbound, spill), dominators, retained, roots, rootObjects, anyRoot,
        reader, spill, release);
    graph.setThreads(ThreadReader.read(graph, pass));
    progress.progress("done", 1, 1);
    return graph;
  }

  /**
   * Writes the graph's index to the cache. A failure (a full disk, a directory not writable) costs
   * only the next analysis's time, so it becomes a warning rather than failing this analysis.
   */
  private static void keep(IndexCache cache, IndexCache.Key key, HeapGraph graph, ProgressListener progress) {
    progress.progress("keeping the index", 0, 1);
    try {
      cache.store(key, graph);
    } catch (IOException | java.io.UncheckedIOException e) {
      graph.addWarning("the index could not be kept in " + cache.directory() + " (" + e.getMessage()
          + "); the next analysis of this dump will read it again");
    }
    progress.progress("keeping the index", 1, 1);
  }

  /**
   * Whether the file starts like an HPROF heap dump ({@code JAVA PROFILE}), plain or
   * gzip-compressed; false for a directory, an empty file or anything else.
   */
  public static boolean isHeapDump(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    byte[] expected = "JAVA PROFILE".getBytes(StandardCharsets.US_ASCII);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = startsWithGzipMagic(file) ? new GZIPInputStream(raw) : raw) {
      return Arrays.equals(in.readNBytes(expected.length), expected);
    } catch (ZipException | EOFException e) {
      return false;
    }
  }

  private static boolean startsWithGzipMagic(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer magic = ByteBuffer.allocate(2);
      channel.read(magic, 0);
      return magic.position() == 2 && (magic.getShort(0) & 0xFFFF) == GZIP_MAGIC;
    }
  }

  private static void closeAll(List<Closeable> resources) {
    IOException failure = null;
    for (Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    resources.clear();
    if (failure != null) {
      throw new java.io.UncheckedIOException("cannot release the dump's files", failure);
    }
  }
}

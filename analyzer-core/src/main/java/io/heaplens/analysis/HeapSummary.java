package io.heaplens.analysis;

import java.util.List;
import java.util.Map;

/**
 * The facts of one heap dump that every rendering shows: the dump itself, object counts, the class
 * histogram with retained sizes, the biggest objects with their paths from a GC root, and the
 * threads. Serialized as-is to JSON, so its component names are the JSON field names: keep them
 * stable.
 *
 * @param dump facts about the file
 * @param counts object and GC root counts
 * @param classes every class with instances, by retained size (largest first)
 * @param dominators the objects retaining the most, top-level in the dominator tree
 * @param threads the threads, by retained size (largest first)
 */
public record HeapSummary(
    DumpFacts dump, Counts counts, List<ClassRow> classes, List<DominatorRow> dominators,
    List<ThreadRow> threads) {

  /**
   * @param file the dump's path as given
   * @param format the HPROF format string
   * @param idSize identifier size in bytes
   * @param timestamp when the dump was written (ISO-8601, UTC)
   * @param gzipCompressed whether the file was gzip-compressed
   * @param fileBytes size of the file
   * @param compressedReferences whether references were 4 bytes while identifiers are 8
   * @param objectHeaderBytes the instance header size used for shallow sizes
   * @param layoutInferred whether the layout was inferred from the dump (else assumed)
   * @param layout a human description of the layout and its evidence
   * @param totalShallowBytes the sum of all objects' shallow sizes
   * @param reachableBytes the part of it reachable from GC roots
   * @param truncated whether this is a partial analysis of a truncated dump
   * @param warnings how the dump was read, for the user
   */
  public record DumpFacts(
      String file, String format, int idSize, String timestamp, boolean gzipCompressed,
      long fileBytes, boolean compressedReferences, int objectHeaderBytes, boolean layoutInferred,
      String layout, long totalShallowBytes, long reachableBytes, boolean truncated,
      List<String> warnings) {}

  /**
   * @param objects all objects (the four kinds below)
   * @param instances plain objects
   * @param objectArrays arrays of references
   * @param primitiveArrays arrays of primitives
   * @param classes class objects
   * @param unreachableObjects objects no GC root reaches
   * @param references references between objects
   * @param gcRoots GC root records by kind
   */
  public record Counts(
      long objects, long instances, long objectArrays, long primitiveArrays, long classes,
      long unreachableObjects, long references, Map<String, Long> gcRoots) {}

  /**
   * @param name Java class name
   * @param instances number of instances
   * @param shallowBytes their shallow sizes summed
   * @param retainedBytes what all of them retain together
   * @param retainedExact whether retainedBytes is exact; if not it is a lower bound (see {@code
   *     HeapGraph.retainedSizeByClass})
   */
  public record ClassRow(
      String name, long instances, long shallowBytes, long retainedBytes, boolean retainedExact) {}

  /**
   * @param objectId the object's identifier (its address)
   * @param className its class
   * @param shallowBytes its shallow size
   * @param retainedBytes what it retains
   * @param percentOfHeap retained bytes over the live heap (the objects reachable from GC roots), in
   *     percent, as in every "% of the heap" of the report
   * @param pathFromRoot a shortest path from a GC root, the root first, the object last
   * @param children what it dominates that retains the most, a few levels down
   */
  public record DominatorRow(
      long objectId, String className, long shallowBytes, long retainedBytes, double percentOfHeap,
      List<PathStep> pathFromRoot, List<DominatedObject> children) {}

  /**
   * An object in the dominator tree below a {@link DominatorRow}.
   *
   * @param objectId its identifier
   * @param className its class
   * @param shallowBytes its shallow size
   * @param retainedBytes what it retains
   * @param percentOfHeap retained bytes over the live heap (the objects reachable from GC roots), in
   *     percent, as in every "% of the heap" of the report
   * @param children what it dominates that retains the most (empty at the last level shown)
   */
  public record DominatedObject(
      long objectId, String className, long shallowBytes, long retainedBytes, double percentOfHeap,
      List<DominatedObject> children) {}

  /**
   * @param objectId the object's identifier
   * @param className its class
   * @param retainedBytes what it retains
   * @param via how the previous step references it (a field, {@code [index]}, a local's frame);
   *     null for the root
   * @param rootKinds for the first step, its GC root kinds
   */
  public record PathStep(
      long objectId, String className, long retainedBytes, String via, List<String> rootKinds) {}

  /**
   * @param name the thread's name
   * @param state its {@link Thread.State} when known
   * @param daemon whether it is a daemon thread, when known
   * @param objectId the Thread object's identifier
   * @param retainedBytes what the thread object and its stack's locals retain
   * @param frames the stack, innermost first
   */
  public record ThreadRow(
      String name, String state, Boolean daemon, long objectId, long retainedBytes,
      List<FrameRow> frames) {}

  /**
   * @param frame the frame as Java prints it, {@code com.example.Foo.bar(Foo.java:42)}
   * @param localObjects objects the frame's locals hold
   */
  public record FrameRow(String frame, List<HeldObject> localObjects) {}

  /**
   * @param objectId the object's identifier
   * @param className its class
   * @param retainedBytes what it retains
   */
  public record HeldObject(long objectId, String className, long retainedBytes) {}
}

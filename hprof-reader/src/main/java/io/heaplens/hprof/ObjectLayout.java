package io.heaplens.hprof;

/**
 * The HotSpot object layout used to compute shallow sizes.
 *
 * <p>HPROF does not record object headers, compressed references or the array base offset, so
 * heaplens infers them: HotSpot writes object addresses as identifiers and walks the heap in
 * address order, so the distance between two consecutive objects of the dump is, most of the time,
 * the size of the first one. Each candidate layout below is scored by how many of these distances it
 * predicts exactly, and the best one wins. When the dump gives no such evidence (identifiers that
 * are not addresses), the JVM default for heaps under 32 GB is assumed: 12-byte headers and 4-byte
 * references. Instance sizes then follow one of HotSpot's two field layouts ({@link
 * FieldLayoutGeneration}), also chosen by the distances: since JDK 15 the header, superclass fields
 * at their offsets, this class's primitive fields by decreasing size then its references, each
 * placed in the smallest gap that fits (gaps in superclasses included); before JDK 15 each class's
 * fields after its superclass's, grouped by size. Either way the end is rounded up to 8 bytes. Arrays take a header of {@code instanceHeaderBytes + 4} (the length), rounded up to 8
 * bytes ({@link #wordAlignedArrayBase()}, JDK 21 and earlier) or to the element size (JDK 22+),
 * then the elements, the end rounded up to 8.
 *
 * @param instanceHeaderBytes 16 (plain headers), 12 (compressed class pointers) or 8 (compact
 *     object headers, or a 32-bit VM)
 * @param referenceBytes 4 with compressed references, else the identifier size
 * @param wordAlignedArrayBase whether array elements start at an 8-byte boundary
 * @param fieldLayout which HotSpot algorithm placed instance fields
 * @param inferred whether the dump's addresses confirmed this layout (else it is the default)
 * @param matchedPairs how many consecutive-object distances this layout predicted
 * @param examinedPairs how many distances were examined
 */
public record ObjectLayout(
    int instanceHeaderBytes,
    int referenceBytes,
    boolean wordAlignedArrayBase,
    FieldLayoutGeneration fieldLayout,
    boolean inferred,
    long matchedPairs,
    long examinedPairs) {

  /** HotSpot aligns every object to 8 bytes (the default {@code ObjectAlignmentInBytes}). */
  public static final int OBJECT_ALIGNMENT = 8;

  /** Whether references inside objects are 4 bytes while identifiers are 8 (compressed oops). */
  public boolean compressedReferences(int idSize) {
    return referenceBytes < idSize;
  }

  /** Offset of the first array element for elements of the given size. */
  public int arrayBaseOffset(int elementBytes) {
    int lengthEnd = instanceHeaderBytes + 4;
    return alignUp(lengthEnd, wordAlignedArrayBase ? OBJECT_ALIGNMENT : elementBytes);
  }

  /** Shallow size of an array of {@code length} elements of {@code elementBytes} each. */
  public long arraySize(int elementBytes, long length) {
    return alignUp(arrayBaseOffset(elementBytes) + elementBytes * length, OBJECT_ALIGNMENT);
  }

  /**
   * A short human description, e.g. "12-byte headers, 4-byte references, JDK 15+ field layout
   * (inferred: ...)".
   */
  public String describe() {
    return instanceHeaderBytes + "-byte headers, " + referenceBytes + "-byte references, "
        + fieldLayout.description()
        + (inferred
            ? String.format(" (inferred: %,d of %,d object distances match)", matchedPairs, examinedPairs)
            : " (assumed: the dump's identifiers gave no evidence)");
  }

  static long alignUp(long value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  static int alignUp(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}

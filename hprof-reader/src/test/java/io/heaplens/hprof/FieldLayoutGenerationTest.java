package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.ClassHistogram;
import io.heaplens.fixtures.ScenarioDump;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HotSpot's two field layout algorithms on their own, without the reader's correction from
 * observed object distances, against the JVM's own class histogram of the same heap: each one must
 * predict every instance size of a dump written by its own JDK generation (JDK 11 and the JDK
 * running the tests, 17), and miss some of the other generation's, which is what lets the reader
 * tell the two apart.
 *
 * <p>The one exception allowed is {@code @Contended} padding, which HPROF cannot show (it records
 * no annotations): the JVM pads such fields or classes by 128 bytes on each side, so the histogram
 * then says 256 bytes more than the fields need, plus alignment. The reader takes those sizes from
 * the object distances instead ({@link HistogramMatchTest} checks the result).
 */
class FieldLayoutGenerationTest {
  private static final long CONTENDED_PADDING = 2 * 128;

  @Test
  void preJdk15LayoutPredictsEveryInstanceSizeOfAJdk11Dump() throws Exception {
    assertThat(mismatches(RealDumps.jdk11KnownGraph(), FieldLayoutGeneration.BEFORE_JDK_15))
        .as("JDK 11 classes whose pre-JDK-15 layout size differs from the histogram's").isEmpty();
  }

  @Test
  void jdk15LayoutMissesSomeInstanceSizesOfAJdk11Dump() throws Exception {
    assertThat(mismatches(RealDumps.jdk11KnownGraph(), FieldLayoutGeneration.JDK_15_AND_LATER))
        .as("JDK 11 classes whose JDK 15+ layout size differs from the histogram's").isNotEmpty();
  }

  @Test
  void jdk15LayoutPredictsEveryInstanceSizeOfAJdk17Dump() throws Exception {
    assertThat(mismatches(RealDumps.knownGraph(), FieldLayoutGeneration.JDK_15_AND_LATER))
        .as("JDK 17 classes whose JDK 15+ layout size differs from the histogram's").isEmpty();
  }

  @Test
  void preJdk15LayoutMissesSomeInstanceSizesOfAJdk17Dump() throws Exception {
    assertThat(mismatches(RealDumps.knownGraph(), FieldLayoutGeneration.BEFORE_JDK_15))
        .as("JDK 17 classes whose pre-JDK-15 layout size differs from the histogram's").isNotEmpty();
  }

  /**
   * Classes with instances (arrays and {@code java.lang.Class} aside: their sizes do not come from
   * field layout) whose computed instance size differs from the histogram's bytes per instance,
   * other than by {@code @Contended} padding.
   */
  private static List<String> mismatches(ScenarioDump dump, FieldLayoutGeneration generation)
      throws Exception {
    ClassHistogram histogram = dump.histogram();
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    try (FileChannel channel = FileChannel.open(dump.heapDump())) {
      HprofHeader header = HprofHeader.read(channel);
      FirstPass pass = FirstPass.run(channel, header, false, ProgressListener.NONE);
      ClassTable table = new ClassTable(pass, new ArrayList<>());
      // Both dumps come from 64-bit JVMs with small heaps: compressed references and class pointers.
      long[] sizes = table.instanceSizes(new ObjectLayout(12, 4, true, generation, false, 0, 0));
      for (Map.Entry<String, ClassHistogram.Count> row : histogram.counts().entrySet()) {
        HeapClass heapClass = dumpClass(table, row.getKey());
        if (heapClass == null || heapClass.isArray() || heapClass.index() == table.javaLangClass) {
          continue;
        }
        compared++;
        long expected = row.getValue().bytes() / row.getValue().instances();
        long computed = sizes[heapClass.index()];
        long extra = expected - computed;
        if (computed != expected && !(extra >= CONTENDED_PADDING && extra <= CONTENDED_PADDING + 16)) {
          mismatches.add(String.format("%s: computed %d, histogram %d", heapClass.name(), computed, expected));
        }
      }
    }
    assertThat(compared).as("classes compared").isGreaterThan(200);
    return mismatches;
  }

  /** The dump's class for a histogram name (hidden and VM-anonymous classes included), or null. */
  private static HeapClass dumpClass(ClassTable table, String histogramName) {
    String name = HistogramMatchTest.dumpName(histogramName);
    int suffix = histogramName.indexOf("/0x");
    String anonymousName = suffix < 0 ? null : ClassNames.toJavaName(histogramName.substring(0, suffix));
    HeapClass anonymous = null;
    for (HeapClass heapClass : table.classes) {
      if (heapClass.name().equals(name)) {
        return heapClass;
      }
      if (heapClass.name().equals(anonymousName)) {
        anonymous = heapClass;
      }
    }
    return anonymous;
  }
}

package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.hprof.ReadOptions.IndexPlacement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The index's large arrays may live on the heap or be memory-mapped from the index file (big dumps
 * under a small heap); both placements must answer every question the same way.
 */
class IndexPlacementTest {

  @Test
  void mappedAndHeapIndexesAgreeOnEveryObject() throws Exception {
    Path dump = RealDumps.knownGraph().heapDump();
    try (HeapGraph heap = HprofReader.open(dump, ReadOptions.defaults().withIndexPlacement(IndexPlacement.HEAP));
        HeapGraph mapped = HprofReader.open(dump, ReadOptions.defaults().withIndexPlacement(IndexPlacement.MAPPED))) {
      assertThat(mapped.objectCount()).isEqualTo(heap.objectCount());
      assertThat(mapped.referenceCount()).isEqualTo(heap.referenceCount());
      for (int object = 0; object < heap.objectCount(); object++) {
        assertThat(mapped.retainedSize(object)).as("retained size of %d", object)
            .isEqualTo(heap.retainedSize(object));
        assertThat(mapped.immediateDominator(object)).isEqualTo(heap.immediateDominator(object));
        assertThat(mapped.outboundReferences(object)).isEqualTo(heap.outboundReferences(object));
      }
      assertThat(mapped.retainedSizeByClass()).isEqualTo(heap.retainedSizeByClass());
      for (HeapClass heapClass : heap.classes()) {
        assertThat(mapped.instancesOf(mapped.classes().get(heapClass.index()), true))
            .isEqualTo(heap.instancesOf(heapClass, true));
      }
      for (int object = 0; object < heap.objectCount(); object += 97) {
        assertThat(mapped.inboundReferences(object)).isEqualTo(heap.inboundReferences(object));
        assertThat(mapped.pathFromGcRoot(object)).isEqualTo(heap.pathFromGcRoot(object));
      }
    }
  }
}

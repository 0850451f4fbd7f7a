package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object sizes are measured from the distance to the next object in memory, not in the file.
 * HotSpot writes class objects in CLASS DUMP records before every other object, so in the file
 * the object just below a class object in memory is followed by the object just above it: the
 * class object's size would count as its own.
 */
class AddressOrderTest {
  private static final long BASE = 0x1000_0000L;
  /** 12-byte headers and 4-byte references: a node (one int) takes 16 bytes, a holder (one long) 24. */
  private static final int NODE_BYTES = 16;
  private static final int HOLDER_BYTES = 24;
  /** The size of a class object in this heap. */
  private static final int MIRROR_BYTES = 120;

  @TempDir Path directory;

  @Test
  void anInstanceJustBelowAClassObjectKeepsItsLaidOutSize() throws Exception {
    Path file = directory.resolve("class-objects-between-instances.hprof");
    List<Long> holders = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(file);
        HprofWriter writer = HprofWriter.open(out, HprofWriter.Version.V1_0_2, 8, 0)) {
      // Class objects sit between the instances: two above the holders, the rest far above.
      long address = BASE;
      List<Long> nodes = new ArrayList<>();
      List<Long> mirrorsAboveHolders = new ArrayList<>();
      for (int run = 0; run < 2; run++) {
        for (int i = 0; i < 40; i++) {
          nodes.add(address);
          address += NODE_BYTES;
        }
        holders.add(address);
        address += HOLDER_BYTES;
        mirrorsAboveHolders.add(address);
        address += MIRROR_BYTES;
      }
      for (int i = 0; i < 40; i++) {
        nodes.add(address);
        address += NODE_BYTES;
      }
      long objectClass = declareClass(writer, 1, 0x2000_0000L, "java/lang/Object");
      long nodeClass = declareClass(writer, 2, 0x2000_1000L, "Node");
      long holderClass = declareClass(writer, 3, 0x2000_2000L, "Holder");
      long firstMirror = declareClass(writer, 4, mirrorsAboveHolders.get(0), "FirstNeighbour");
      long secondMirror = declareClass(writer, 5, mirrorsAboveHolders.get(1), "SecondNeighbour");
      long payload = writer.utf8("payload");
      long stamp = writer.utf8("stamp");

      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
          .instanceField(payload, BasicType.INT).build());
      heap.classDump(ClassSpec.builder(holderClass).superClass(objectClass)
          .instanceField(stamp, BasicType.LONG).build());
      heap.classDump(ClassSpec.builder(firstMirror).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(secondMirror).superClass(objectClass).build());
      // Every other object in address order, as HotSpot walks the heap.
      List<Long> all = new ArrayList<>(nodes);
      all.addAll(holders);
      all.sort(Long::compare);
      for (long id : all) {
        if (holders.contains(id)) {
          heap.instance(id, holderClass, FieldValue.ofLong(id));
        } else {
          heap.instance(id, nodeClass, FieldValue.ofInt((int) id));
        }
        heap.rootUnknown(id);
      }
      heap.endHeapDump();
    }

    try (HeapGraph graph = RealDumps.open(file)) {
      ObjectLayout layout = graph.info().layout();
      assertThat(layout.inferred()).as(layout.describe()).isTrue();
      assertThat(layout.instanceHeaderBytes()).isEqualTo(12);
      for (long holder : holders) {
        assertThat(graph.shallowSize(graph.indexOf(holder)))
            .as("holder 0x%x, %d bytes below a class object", holder, HOLDER_BYTES)
            .isEqualTo(HOLDER_BYTES);
      }
    }
  }

  private static long declareClass(HprofWriter writer, int serial, long id, String name) {
    writer.loadClass(serial, id, 0, writer.utf8(name));
    return id;
  }
}

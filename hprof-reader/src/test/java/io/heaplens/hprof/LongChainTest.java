package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A singly linked list of five million nodes, rooted once at its head: the graph algorithms must be
 * iterative (a recursive walk overflows the stack long before this depth). The dump is streamed to
 * a temporary file in segments and read once for all tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class LongChainTest {
  static final int LENGTH = 5_000_000;
  static final long FIRST_ID = 0x7_0000_0000L;
  /** A node (12-byte header, int payload, one compressed reference) takes 24 bytes: ids are addresses. */
  static final long NODE_BYTES = 24;

  private HeapGraph graph;
  private int head;
  private int tail;

  static long idOf(int position) {
    return FIRST_ID + position * NODE_BYTES;
  }

  @BeforeAll
  void writeAndIndex(@TempDir Path temp) throws Exception {
    Path file = temp.resolve("chain.hprof");
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file), HprofWriter.Version.V1_0_2, 8,
        SyntheticGraphs.TIMESTAMP)) {
      long objectClass = writer.loadClass("java/lang/Object");
      long nodeClass = writer.loadClass("com/example/chain/ListNode");
      long next = writer.utf8("next");
      long payload = writer.utf8("payload");
      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(nodeClass).superClass(objectClass)
          .instanceField(next, BasicType.OBJECT).instanceField(payload, BasicType.INT).build());
      heap.rootStickyClass(objectClass);
      heap.rootStickyClass(nodeClass);
      heap.rootJniGlobal(idOf(0), 0x10);
      for (int i = 0; i < LENGTH; i++) {
        long nextId = i + 1 < LENGTH ? idOf(i + 1) : 0;
        heap.instance(idOf(i), nodeClass, FieldValue.ofObject(nextId), FieldValue.ofInt(i));
      }
      heap.endHeapDump();
    }
    graph = HprofReader.open(file, ReadOptions.defaults());
    head = graph.indexOf(idOf(0));
    tail = graph.indexOf(idOf(LENGTH - 1));
  }

  @AfterAll
  void close() throws Exception {
    if (graph != null) {
      graph.close();
    }
  }

  @Test
  void indexesEveryNode() {
    assertThat(graph.objectCount()).isEqualTo(LENGTH + 2);
    assertThat(head).isNotNegative();
    assertThat(tail).isNotNegative();
    assertThat(graph.referenceCount())
        .as("one reference per node but the tail, and the node class's reference to its superclass")
        .isEqualTo(LENGTH - 1 + 1);
    assertThat(graph.info().layout().inferred()).as(graph.info().layout().describe()).isTrue();
  }

  @Test
  void theHeadRetainsEveryNode() {
    long total = 0;
    for (int position = 0; position < LENGTH; position++) {
      total += graph.shallowSize(graph.indexOf(idOf(position)));
    }
    assertThat(graph.shallowSize(head)).isEqualTo(NODE_BYTES);
    assertThat(total).isEqualTo(LENGTH * NODE_BYTES);
    assertThat(graph.retainedSize(head)).isEqualTo(total);
    assertThat(graph.retainedSize(tail)).isEqualTo(NODE_BYTES);
    int middle = graph.indexOf(idOf(LENGTH / 2));
    assertThat(graph.retainedSize(middle)).isEqualTo((LENGTH - LENGTH / 2) * NODE_BYTES);
    HeapClass nodeClass = graph.findClass("com.example.chain.ListNode").orElseThrow();
    assertThat(graph.retainedSizeByClass()[nodeClass.index()]).isEqualTo(total);
    assertThat(graph.retainedSize(new int[] {head, middle, tail})).isEqualTo(total);
  }

  @Test
  void theTailsPathFromTheRootHasEveryNode() {
    int[] path = graph.pathFromGcRoot(tail);
    assertThat(path).hasSize(LENGTH);
    assertThat(path[0]).isEqualTo(head);
    assertThat(path[LENGTH - 1]).isEqualTo(tail);
    assertThat(path[LENGTH / 2]).isEqualTo(graph.indexOf(idOf(LENGTH / 2)));
  }

  @Test
  void eachNodeIsDominatedByThePreviousOne() {
    assertThat(graph.immediateDominator(head)).isEqualTo(-1);
    for (int position : new int[] {1, 2, LENGTH / 3, LENGTH / 2, LENGTH - 1}) {
      assertThat(graph.immediateDominator(graph.indexOf(idOf(position))))
          .as("immediate dominator of node %d", position)
          .isEqualTo(graph.indexOf(idOf(position - 1)));
    }
  }

  @Test
  void fieldsOfNodesFarDownTheListCanBeRead() {
    int middle = graph.indexOf(idOf(LENGTH / 2));
    assertThat(graph.field(middle, "payload").orElseThrow().asInt()).isEqualTo(LENGTH / 2);
    assertThat(graph.referenceField(middle, "next")).isEqualTo(graph.indexOf(idOf(LENGTH / 2 + 1)));
    assertThat(graph.referenceField(tail, "next")).isEqualTo(-1);
    assertThat(graph.describeReference(middle, graph.indexOf(idOf(LENGTH / 2 + 1)))).isEqualTo("next");
  }
}

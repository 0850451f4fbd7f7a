package io.heaplens.hprof;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that two graphs of the same dump answer every question alike. */
final class GraphComparison {
  private GraphComparison() {}

  static void assertSame(HeapGraph expected, HeapGraph actual) {
    assertThat(actual.info()).isEqualTo(expected.info());
    assertThat(actual.objectCount()).isEqualTo(expected.objectCount());
    assertThat(actual.referenceCount()).isEqualTo(expected.referenceCount());
    assertThat(actual.classes()).hasSameSizeAs(expected.classes());
    for (HeapClass want : expected.classes()) {
      HeapClass got = actual.classes().get(want.index());
      assertThat(got.name()).isEqualTo(want.name());
      assertThat(got.id()).isEqualTo(want.id());
      assertThat(got.instanceSize()).as("instance size of %s", want).isEqualTo(want.instanceSize());
      assertThat(got.objectIndex()).isEqualTo(want.objectIndex());
      assertThat(got.classLoaderObject()).isEqualTo(want.classLoaderObject());
      assertThat(got.declaredFields()).isEqualTo(want.declaredFields());
      assertThat(got.staticFields()).isEqualTo(want.staticFields());
      assertThat(got.primitiveElementType()).isEqualTo(want.primitiveElementType());
      assertThat(got.superclass() == null ? -1 : got.superclass().index())
          .isEqualTo(want.superclass() == null ? -1 : want.superclass().index());
      assertThat(got.subclasses().stream().mapToInt(HeapClass::index).toArray())
          .isEqualTo(want.subclasses().stream().mapToInt(HeapClass::index).toArray());
      assertThat(got.instanceDataBytes()).isEqualTo(want.instanceDataBytes());
      assertThat(got.referenceOffsets()).isEqualTo(want.referenceOffsets());
      assertThat(actual.instancesOf(got, true)).isEqualTo(expected.instancesOf(want, true));
      assertThat(actual.isClassRetainedSizeExact(got.index())).isEqualTo(expected.isClassRetainedSizeExact(want.index()));
    }
    for (int object = 0; object < expected.objectCount(); object++) {
      assertThat(actual.objectId(object)).isEqualTo(expected.objectId(object));
      assertThat(actual.indexOf(expected.objectId(object))).isEqualTo(object);
      assertThat(actual.classOf(object).index()).isEqualTo(expected.classOf(object).index());
      assertThat(actual.shallowSize(object)).isEqualTo(expected.shallowSize(object));
      assertThat(actual.retainedSize(object)).as("retained size of %d", object)
          .isEqualTo(expected.retainedSize(object));
      assertThat(actual.immediateDominator(object)).isEqualTo(expected.immediateDominator(object));
      assertThat(actual.outboundReferences(object)).isEqualTo(expected.outboundReferences(object));
      assertThat(actual.isGcRoot(object)).isEqualTo(expected.isGcRoot(object));
      assertThat(actual.kind(object)).isEqualTo(expected.kind(object));
    }
    for (int object = 0; object < expected.objectCount(); object += 31) {
      assertThat(actual.inboundReferences(object)).isEqualTo(expected.inboundReferences(object));
      assertThat(actual.pathFromGcRoot(object)).isEqualTo(expected.pathFromGcRoot(object));
      assertThat(actual.rootKinds(object)).isEqualTo(expected.rootKinds(object));
      if (expected.kind(object) == ObjectKind.INSTANCE
          && expected.classOf(object).name().equals("java.lang.String")) {
        assertThat(actual.readString(object, 200)).isEqualTo(expected.readString(object, 200));
      }
    }
    assertThat(actual.gcRoots()).isEqualTo(expected.gcRoots());
    assertThat(actual.gcRootObjects()).isEqualTo(expected.gcRootObjects());
    assertThat(actual.retainedSizeByClass()).isEqualTo(expected.retainedSizeByClass());
    assertThat(actual.threads()).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.threads());
    assertThat(actual.retainedSize(expected.gcRootObjects())).isEqualTo(expected.retainedSize(expected.gcRootObjects()));
  }
}

package io.heaplens.hprof;

/** Names the reference from one object to another, for paths shown to people. */
final class ReferenceNames {
  private ReferenceNames() {}

  static String describe(HeapGraph graph, int from, int to) {
    switch (graph.kind(from)) {
      case OBJECT_ARRAY: {
        int[] elements = graph.objectArrayElements(from);
        for (int i = 0; i < elements.length; i++) {
          if (elements[i] == to) {
            return "[" + i + "]";
          }
        }
        break;
      }
      case CLASS: {
        HeapClass represented = graph.classRepresentedBy(from);
        if (represented != null) {
          for (StaticField field : represented.staticFields()) {
            if (field.value().object() == to) {
              return "static " + field.name();
            }
          }
          if (represented.superclass() != null && represented.superclass().objectIndex() == to) {
            return "<superclass>";
          }
          if (represented.classLoaderObject() == to) {
            return "<classloader>";
          }
        }
        break;
      }
      case INSTANCE: {
        for (HeapClass c = graph.classOf(from); c != null; c = c.superclass()) {
          for (FieldDescriptor field : c.declaredFields()) {
            if (field.type() == FieldType.OBJECT && graph.referenceField(from, field.name()) == to) {
              return field.name();
            }
          }
        }
        for (HeapThread thread : graph.threads()) {
          if (thread.object() == from) {
            for (ThreadFrame frame : thread.frames()) {
              for (int local : frame.localObjects()) {
                if (local == to) {
                  return "<local in " + frame.toStackTraceLine() + ">";
                }
              }
            }
          }
        }
        if (graph.classOf(from).objectIndex() == to) {
          return "<class>";
        }
        break;
      }
      default:
        break;
    }
    return null;
  }
}

package io.heaplens.hprof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The classes of a kept index ({@link KeptIndex}): each {@link HeapClass} with all it was given. */
final class KeptClasses {
  private KeptClasses() {}

  static void write(List<HeapClass> classes, int javaLangClass, IndexOutput out) throws IOException {
    out.writeInt(classes.size());
    out.writeInt(javaLangClass);
    for (HeapClass heapClass : classes) {
      out.writeLong(heapClass.id());
      out.writeString(heapClass.name());
      FieldType elementType = heapClass.primitiveElementType();
      out.writeString(elementType == null ? null : elementType.name());
      out.writeInt(heapClass.declaredFields().size());
      for (FieldDescriptor field : heapClass.declaredFields()) {
        out.writeString(field.name());
        out.writeString(field.type().name());
      }
      out.writeInt(heapClass.superclass() == null ? -1 : heapClass.superclass().index());
      out.writeInt(heapClass.objectIndex());
      out.writeInt(heapClass.classLoaderObject());
      out.writeLong(heapClass.instanceSize());
      out.writeInt(heapClass.instanceDataBytes());
      out.writeInts(heapClass.referenceOffsets());
      out.writeInt(heapClass.staticFields().size());
      for (StaticField field : heapClass.staticFields()) {
        out.writeString(field.name());
        out.writeString(field.value().type().name());
        out.writeLong(field.value().bits());
        out.writeInt(field.value().object());
      }
    }
  }

  /** Reads the classes into {@code classes}; returns the number of {@code java.lang.Class}. */
  static int read(IndexInput in, List<HeapClass> classes) throws IOException {
    int count = in.readInt();
    int javaLangClass = in.readInt();
    int[] superclasses = new int[Math.max(0, count)];
    for (int index = 0; index < count; index++) {
      long id = in.readLong();
      String name = in.readString();
      String elementType = in.readString();
      int fieldCount = in.readInt();
      List<FieldDescriptor> fields = new ArrayList<>();
      for (int f = 0; f < fieldCount; f++) {
        fields.add(new FieldDescriptor(in.readString(), FieldType.valueOf(in.readString())));
      }
      HeapClass heapClass = new HeapClass(index, id, name,
          elementType == null ? null : FieldType.valueOf(elementType), fields);
      superclasses[index] = in.readInt();
      heapClass.setObjectIndex(in.readInt());
      heapClass.setClassLoaderObject(in.readInt());
      heapClass.setInstanceSize(in.readLong());
      heapClass.setInstanceData(in.readInt(), in.readInts());
      int staticCount = in.readInt();
      List<StaticField> statics = new ArrayList<>();
      for (int f = 0; f < staticCount; f++) {
        String fieldName = in.readString();
        FieldType type = FieldType.valueOf(in.readString());
        statics.add(new StaticField(fieldName, new FieldValue(type, in.readLong(), in.readInt())));
      }
      heapClass.setStaticFields(statics);
      classes.add(heapClass);
    }
    // Linked in class order, as the first analysis did, so each class's subclasses keep their order.
    for (int index = 0; index < count; index++) {
      if (superclasses[index] >= 0) {
        classes.get(index).setSuperclass(classes.get(superclasses[index]));
      }
    }
    if (javaLangClass < 0 || javaLangClass >= count) {
      throw new IndexInput.CorruptIndexException("no java.lang.Class");
    }
    return javaLangClass;
  }
}

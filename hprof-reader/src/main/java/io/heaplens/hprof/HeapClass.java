package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A class of the dump: its name, hierarchy, fields and instance size. */
public final class HeapClass {
  private final int index;
  private final long id;
  private final String name;
  private final FieldType primitiveElementType;
  private final List<FieldDescriptor> declaredFields;
  private final List<HeapClass> subclasses = new ArrayList<>();
  private List<StaticField> staticFields = List.of();
  private HeapClass superclass;
  private int objectIndex = -1;
  private int loaderObject = -1;
  private long instanceSize;
  private int instanceDataBytes;
  private int[] referenceOffsets = new int[0];

  HeapClass(int index, long id, String name, FieldType primitiveElementType,
      List<FieldDescriptor> declaredFields) {
    this.index = index;
    this.id = id;
    this.name = name;
    this.primitiveElementType = primitiveElementType;
    this.declaredFields = List.copyOf(declaredFields);
  }

  /** Dense number of this class in {@link HeapGraph#classes()}. */
  public int index() {
    return index;
  }

  /** The class object's identifier in the dump (0 for an array class the dump did not list). */
  public long id() {
    return id;
  }

  /** The Java name: {@code java.util.HashMap$Node}, {@code byte[]}, {@code java.lang.Object[]}. */
  public String name() {
    return name;
  }

  /** The dense index of the {@code java.lang.Class} object, or -1 if the dump has none. */
  public int objectIndex() {
    return objectIndex;
  }

  /** The superclass, or null for {@code java.lang.Object}, array classes not in the dump, ... */
  public HeapClass superclass() {
    return superclass;
  }

  /** Direct subclasses present in the dump. */
  public List<HeapClass> subclasses() {
    return Collections.unmodifiableList(subclasses);
  }

  /** The dense index of the defining class loader object, or -1 for the boot loader. */
  public int classLoaderObject() {
    return loaderObject;
  }

  /** Instance fields declared by this class (not its superclasses), in dump order. */
  public List<FieldDescriptor> declaredFields() {
    return declaredFields;
  }

  /** Static fields with their values. */
  public List<StaticField> staticFields() {
    return staticFields;
  }

  /** Whether instances of this class are arrays. */
  public boolean isArray() {
    return name.endsWith("[]");
  }

  /** For primitive array classes the element type, else null. */
  public FieldType primitiveElementType() {
    return primitiveElementType;
  }

  /** Shallow size of one instance (HotSpot layout); 0 for array classes, whose sizes vary. */
  public long instanceSize() {
    return instanceSize;
  }

  /** Whether this class is {@code other} or one of its subclasses. */
  public boolean isSubclassOf(HeapClass other) {
    for (HeapClass c = this; c != null; c = c.superclass) {
      if (c == other) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return name;
  }

  void setSuperclass(HeapClass value) {
    superclass = value;
    if (value != null) {
      value.subclasses.add(this);
    }
  }

  void setObjectIndex(int value) {
    objectIndex = value;
  }

  void setClassLoaderObject(int value) {
    loaderObject = value;
  }

  void setStaticFields(List<StaticField> value) {
    staticFields = List.copyOf(value);
  }

  void setInstanceSize(long value) {
    instanceSize = value;
  }

  /** Bytes of an instance's field data in the dump (this class's fields then its superclasses'). */
  int instanceDataBytes() {
    return instanceDataBytes;
  }

  /** Offsets of reference fields inside an instance's field data in the dump. */
  int[] referenceOffsets() {
    return referenceOffsets;
  }

  void setInstanceData(int bytes, int[] offsets) {
    instanceDataBytes = bytes;
    referenceOffsets = offsets;
  }
}

package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the first pass's class records into {@link HeapClass}es, and sizes them for an {@link
 * ObjectLayout}. Class numbers equal the first pass's class slots; array classes of primitive types
 * the dump never listed are added after them.
 */
final class ClassTable {
  final List<HeapClass> classes = new ArrayList<>();
  final int[] primitiveArrayClass = new int[12];
  final int javaLangClass;
  private final FirstPass pass;
  private final int idSize;
  /** JVM names of every class of the dump: which JDK classes exist tells versions apart. */
  private final Set<String> jvmClassNames;

  ClassTable(FirstPass pass, List<String> warnings) {
    this.pass = pass;
    this.idSize = pass.header.idSize();
    int slots = pass.classIdBySlot.size();
    Map<String, Integer> byJvmName = new HashMap<>();
    int undumped = 0;
    for (int slot = 0; slot < slots; slot++) {
      long id = pass.classIdBySlot.get(slot);
      Long nameId = pass.classNameIds.get(id);
      String jvmName = nameId == null ? null : pass.strings.get(nameId);
      if (jvmName == null) {
        jvmName = String.format("unknown-class@0x%x", id);
      }
      ClassRecord record = slot < pass.classRecords.size() ? pass.classRecords.get(slot) : null;
      if (record == null) {
        undumped++;
      }
      byJvmName.putIfAbsent(jvmName, slot);
      String javaName = ClassNames.toJavaName(jvmName);
      classes.add(new HeapClass(slot, id, javaName, primitiveType(jvmName), fields(record)));
    }
    if (undumped > 0) {
      warnings.add(undumped + " classes are used by objects but have no CLASS DUMP record;"
          + " their instances are sized as having no fields");
    }
    for (FieldType type : FieldType.values()) {
      if (type == FieldType.OBJECT) {
        continue;
      }
      String jvmName = "[" + descriptor(type);
      Integer slot = byJvmName.get(jvmName);
      if (slot == null) {
        slot = classes.size();
        classes.add(new HeapClass(slot, 0, ClassNames.primitiveArrayName(type), type, List.of()));
      }
      primitiveArrayClass[type.code()] = slot;
    }
    Integer classClass = byJvmName.get("java/lang/Class");
    if (classClass == null) {
      classClass = byJvmName.get("java.lang.Class");
    }
    if (classClass == null) {
      classClass = classes.size();
      classes.add(new HeapClass(classClass, 0, "java.lang.Class", null, List.of()));
    }
    javaLangClass = classClass;
    jvmClassNames = Set.copyOf(byJvmName.keySet());
    linkSuperclassesAndDumpLayout();
  }

  /** The class number of an object given its first-pass class slot. */
  int classOfSlot(int slot) {
    if (slot >= 0) {
      return slot;
    }
    return slot == FirstPass.CLASS_OBJECT ? javaLangClass : primitiveArrayClass[-slot];
  }

  /** Resolves loader and static field references once object indexes exist. */
  void resolveObjects(IdIndex ids) {
    for (int slot = 0; slot < pass.classRecords.size(); slot++) {
      ClassRecord record = pass.classRecords.get(slot);
      if (record == null) {
        continue;
      }
      HeapClass heapClass = classes.get(slot);
      heapClass.setObjectIndex(ids.indexOf(record.id));
      heapClass.setClassLoaderObject(record.loaderId == 0 ? -1 : ids.indexOf(record.loaderId));
      List<StaticField> statics = new ArrayList<>();
      for (int i = 0; i < record.staticTypes.length; i++) {
        FieldType type = FieldType.ofCode(record.staticTypes[i]);
        long bits = record.staticValues[i];
        int object = type == FieldType.OBJECT && bits != 0 ? ids.indexOf(bits) : -1;
        statics.add(new StaticField(name(record.staticNameIds[i]), new FieldValue(type, bits, object)));
      }
      heapClass.setStaticFields(statics);
    }
  }

  /** Sets every class's instance size for the layout; returns mirror sizes per class. */
  long[] applyLayout(ObjectLayout layout) {
    long[] sizes = instanceSizes(layout);
    for (HeapClass heapClass : classes) {
      heapClass.setInstanceSize(heapClass.isArray() ? 0 : sizes[heapClass.index()]);
    }
    long[] mirrorSizes = new long[classes.size()];
    for (int slot = 0; slot < pass.classRecords.size(); slot++) {
      ClassRecord record = pass.classRecords.get(slot);
      if (record == null) {
        continue;
      }
      mirrorSizes[slot] = mirrorSize(record, (int) sizes[javaLangClass], layout);
    }
    return mirrorSizes;
  }

  /**
   * The size of a class object: a {@code java.lang.Class} instance followed by the class's static
   * fields. HotSpot's dump also lists, as static fields named {@code <resolved_references>} and
   * {@code <init_lock>}, objects the class holds from outside its mirror, so that they appear held;
   * no Java field name starts with '<', and those take no room in the mirror.
   */
  private int mirrorSize(ClassRecord record, int classInstanceSize, ObjectLayout layout) {
    List<Integer> staticSizes = new ArrayList<>();
    LegacyHotSpotFieldLayout.FieldGroups staticGroups = new LegacyHotSpotFieldLayout.FieldGroups();
    for (int i = 0; i < record.staticTypes.length; i++) {
      if (name(record.staticNameIds[i]).startsWith("<")) {
        continue;
      }
      FieldType type = FieldType.ofCode(record.staticTypes[i]);
      int bytes = fieldBytes(type, layout);
      staticSizes.add(bytes);
      staticGroups.add(bytes, type == FieldType.OBJECT);
    }
    if (layout.fieldLayout() == FieldLayoutGeneration.BEFORE_JDK_15) {
      return LegacyHotSpotFieldLayout.mirrorSize(classInstanceSize, staticGroups, layout.referenceBytes());
    }
    int[] occupied = HotSpotFieldLayout.layout(null, classInstanceSize,
        staticSizes.stream().mapToInt(Integer::intValue).toArray());
    return HotSpotFieldLayout.instanceSize(occupied);
  }

  /** Instance size of every class under a layout (array classes: meaningless). */
  long[] instanceSizes(ObjectLayout layout) {
    return layout.fieldLayout() == FieldLayoutGeneration.BEFORE_JDK_15
        ? legacyInstanceSizes(layout) : currentInstanceSizes(layout);
  }

  private long[] currentInstanceSizes(ObjectLayout layout) {
    int[][] occupied = new int[classes.size()][];
    long[] sizes = new long[classes.size()];
    for (HeapClass heapClass : classes) {
      List<HeapClass> chain = new ArrayList<>();
      for (HeapClass c = heapClass; c != null && occupied[c.index()] == null; c = c.superclass()) {
        chain.add(c);
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        HeapClass c = chain.get(i);
        int[] superOccupied = c.superclass() == null ? null : occupied[c.superclass().index()];
        occupied[c.index()] = HotSpotFieldLayout.layout(superOccupied, layout.instanceHeaderBytes(),
            declaredFieldBytes(c, layout));
      }
      sizes[heapClass.index()] = HotSpotFieldLayout.instanceSize(occupied[heapClass.index()]);
    }
    return sizes;
  }

  /**
   * Instance sizes under HotSpot's layout before JDK 15: each class's fields start where its
   * superclass's end ({@link LegacyHotSpotFieldLayout}).
   */
  private long[] legacyInstanceSizes(ObjectLayout layout) {
    int[] fieldsEnd = new int[classes.size()];
    Arrays.fill(fieldsEnd, -1);
    long[] sizes = new long[classes.size()];
    for (HeapClass heapClass : classes) {
      List<HeapClass> chain = new ArrayList<>();
      for (HeapClass c = heapClass; c != null && fieldsEnd[c.index()] < 0; c = c.superclass()) {
        chain.add(c);
      }
      for (int i = chain.size() - 1; i >= 0; i--) {
        HeapClass c = chain.get(i);
        int start = c.superclass() == null ? layout.instanceHeaderBytes() : fieldsEnd[c.superclass().index()];
        LegacyHotSpotFieldLayout.FieldGroups groups = new LegacyHotSpotFieldLayout.FieldGroups();
        for (FieldDescriptor field : c.declaredFields()) {
          groups.add(fieldBytes(field.type(), layout), field.type() == FieldType.OBJECT);
        }
        for (String injectedField : missingInjectedFields(c, layout)) {
          groups.add(InjectedFields.bytes(injectedField, layout.referenceBytes()),
              InjectedFields.isReference(injectedField));
        }
        fieldsEnd[c.index()] = LegacyHotSpotFieldLayout.fieldsEnd(start, groups,
            layout.referenceBytes(), referencesFirst(c));
      }
      sizes[heapClass.index()] = LegacyHotSpotFieldLayout.instanceSize(fieldsEnd[heapClass.index()]);
    }
    return sizes;
  }

  /** Whether HotSpot before JDK 15 put this class's references first (a hard-coded boot class). */
  private boolean referencesFirst(HeapClass heapClass) {
    ClassRecord record = heapClass.index() < pass.classRecords.size()
        ? pass.classRecords.get(heapClass.index()) : null;
    return record != null && record.loaderId == 0
        && LegacyHotSpotFieldLayout.REFERENCES_FIRST.contains(heapClass.name());
  }

  private int[] declaredFieldBytes(HeapClass heapClass, ObjectLayout layout) {
    List<Integer> bytes = new ArrayList<>();
    for (FieldDescriptor field : heapClass.declaredFields()) {
      bytes.add(fieldBytes(field.type(), layout));
    }
    for (String injectedField : missingInjectedFields(heapClass, layout)) {
      bytes.add(InjectedFields.bytes(injectedField, layout.referenceBytes()));
    }
    return bytes.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The fields the JVM injects into this class for the layout's JDK generation, except those the
   * dump lists (newer JDKs turned some into Java fields).
   */
  private List<String> missingInjectedFields(HeapClass heapClass, ObjectLayout layout) {
    List<String> missing = new ArrayList<>();
    for (String injectedField : InjectedFields.of(heapClass.name(), layout.fieldLayout(), jvmClassNames)) {
      String name = InjectedFields.name(injectedField);
      if (heapClass.declaredFields().stream().noneMatch(f -> f.name().equals(name))) {
        missing.add(injectedField);
      }
    }
    return missing;
  }

  private static int fieldBytes(FieldType type, ObjectLayout layout) {
    return type == FieldType.OBJECT ? layout.referenceBytes() : type.sizeInDump(8);
  }

  private void linkSuperclassesAndDumpLayout() {
    for (int slot = 0; slot < pass.classRecords.size(); slot++) {
      ClassRecord record = pass.classRecords.get(slot);
      if (record != null && record.superId != 0) {
        int superSlot = pass.slotByClassId.get(record.superId, -1);
        if (superSlot >= 0 && superSlot != slot && !wouldCycle(classes.get(superSlot), slot)) {
          classes.get(slot).setSuperclass(classes.get(superSlot));
        }
      }
    }
    for (HeapClass heapClass : classes) {
      int offset = 0;
      List<Integer> references = new ArrayList<>();
      for (HeapClass c = heapClass; c != null; c = c.superclass()) {
        for (FieldDescriptor field : c.declaredFields()) {
          if (field.type() == FieldType.OBJECT) {
            references.add(offset);
          }
          offset += field.type().sizeInDump(idSize);
        }
      }
      heapClass.setInstanceData(offset, references.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private boolean wouldCycle(HeapClass candidateSuper, int slot) {
    for (HeapClass c = candidateSuper; c != null; c = c.superclass()) {
      if (c.index() == slot) {
        return true;
      }
    }
    return false;
  }

  private List<FieldDescriptor> fields(ClassRecord record) {
    if (record == null) {
      return List.of();
    }
    List<FieldDescriptor> fields = new ArrayList<>(record.fieldTypes.length);
    for (int i = 0; i < record.fieldTypes.length; i++) {
      fields.add(new FieldDescriptor(name(record.fieldNameIds[i]), FieldType.ofCode(record.fieldTypes[i])));
    }
    return fields;
  }

  private String name(long stringId) {
    String value = pass.strings.get(stringId);
    return value == null ? String.format("unknown-name@0x%x", stringId) : value;
  }

  private static FieldType primitiveType(String jvmName) {
    if (jvmName.length() == 2 && jvmName.charAt(0) == '[') {
      for (FieldType type : FieldType.values()) {
        if (type != FieldType.OBJECT && descriptor(type) == jvmName.charAt(1)) {
          return type;
        }
      }
    }
    return null;
  }

  private static char descriptor(FieldType type) {
    switch (type) {
      case BOOLEAN: return 'Z';
      case CHAR: return 'C';
      case FLOAT: return 'F';
      case DOUBLE: return 'D';
      case BYTE: return 'B';
      case SHORT: return 'S';
      case INT: return 'I';
      case LONG: return 'J';
      default: return 'L';
    }
  }
}

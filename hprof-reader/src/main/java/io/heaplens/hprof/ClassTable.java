package io.heaplens.hprof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the first pass's class records into {@link HeapClass}es, and sizes them for an {@link
 * ObjectLayout}. Class numbers equal the first pass's class slots; array classes of primitive types
 * the dump never listed are added after them.
 */
final class ClassTable {
  /**
   * Fields the JVM injects into some JDK classes (javaClasses.hpp): HPROF does not list them, but
   * they take space. Each entry is "name:code" with codes J intptr/long, I int, S short, Z boolean,
   * L reference. A field the dump does list (newer JDKs turned some into Java fields) is not added.
   */
  private static final Map<String, List<String>> INJECTED_FIELDS = Map.of(
      "java.lang.Class", List.of("klass:J", "array_klass:J", "oop_size:I",
          "static_oop_field_count:I", "protection_domain:L", "signers:L", "source_file:L"),
      "java.lang.ClassLoader", List.of("loader_data:J"),
      "java.lang.Module", List.of("module_entry:J"),
      "java.lang.invoke.MemberName", List.of("vmindex:J"),
      "java.lang.invoke.ResolvedMethodName", List.of("vmholder:L", "vmtarget:J"),
      "java.lang.invoke.MethodHandleNatives$CallSiteContext",
          List.of("vmdependencies:J", "last_cleanup:J"),
      "java.lang.StackFrameInfo", List.of("version:S"),
      "java.lang.InternalError", List.of("during_unsafe_access:Z"));

  /** Since JDK 19 (where Thread$FieldHolder appeared) the JVM also injects fields into Thread. */
  private static final List<String> THREAD_INJECTED_FIELDS = List.of(
      "jvmti_thread_state:J", "jvmti_VTMS_transition_disable_count:I",
      "jvmti_is_in_VTMS_transition:Z", "jfr_epoch:S");

  final List<HeapClass> classes = new ArrayList<>();
  final int[] primitiveArrayClass = new int[12];
  final int javaLangClass;
  private final FirstPass pass;
  private final int idSize;
  private final Map<Integer, List<String>> injected = new HashMap<>();

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
    boolean threadHasInjectedFields = byJvmName.containsKey("java/lang/Thread$FieldHolder");
    for (HeapClass heapClass : classes) {
      List<String> extra = INJECTED_FIELDS.get(heapClass.name());
      if (threadHasInjectedFields && heapClass.name().equals("java.lang.Thread")) {
        extra = THREAD_INJECTED_FIELDS;
      }
      if (extra != null) {
        injected.put(heapClass.index(), extra);
      }
    }
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
    long classInstance = sizes[javaLangClass];
    for (int slot = 0; slot < pass.classRecords.size(); slot++) {
      ClassRecord record = pass.classRecords.get(slot);
      if (record == null) {
        continue;
      }
      int[] staticSizes = new int[record.staticTypes.length];
      for (int i = 0; i < staticSizes.length; i++) {
        staticSizes[i] = fieldBytes(FieldType.ofCode(record.staticTypes[i]), layout);
      }
      int[] occupied = HotSpotFieldLayout.layout(null, (int) classInstance, staticSizes);
      mirrorSizes[slot] = HotSpotFieldLayout.instanceSize(occupied);
    }
    return mirrorSizes;
  }

  /** Instance size of every class under a layout (array classes: meaningless). */
  long[] instanceSizes(ObjectLayout layout) {
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

  private int[] declaredFieldBytes(HeapClass heapClass, ObjectLayout layout) {
    List<Integer> bytes = new ArrayList<>();
    for (FieldDescriptor field : heapClass.declaredFields()) {
      bytes.add(fieldBytes(field.type(), layout));
    }
    for (String injectedField : injected.getOrDefault(heapClass.index(), List.of())) {
      String name = injectedField.substring(0, injectedField.indexOf(':'));
      if (heapClass.declaredFields().stream().noneMatch(f -> f.name().equals(name))) {
        char code = injectedField.charAt(injectedField.length() - 1);
        bytes.add(code == 'J' ? 8 : code == 'I' ? 4 : code == 'S' ? 2 : code == 'Z' ? 1
            : layout.referenceBytes());
      }
    }
    return bytes.stream().mapToInt(Integer::intValue).toArray();
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

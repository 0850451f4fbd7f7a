package io.heaplens.hprof;

/** Record and sub-record tags of the HPROF format (JDK's heapDumper.cpp, Android extensions). */
final class HprofTags {
  private HprofTags() {}

  static final int UTF8 = 0x01;
  static final int LOAD_CLASS = 0x02;
  static final int UNLOAD_CLASS = 0x03;
  static final int FRAME = 0x04;
  static final int TRACE = 0x05;
  static final int ALLOC_SITES = 0x06;
  static final int HEAP_SUMMARY = 0x07;
  static final int START_THREAD = 0x0A;
  static final int END_THREAD = 0x0B;
  static final int HEAP_DUMP = 0x0C;
  static final int CPU_SAMPLES = 0x0D;
  static final int CONTROL_SETTINGS = 0x0E;
  static final int HEAP_DUMP_SEGMENT = 0x1C;
  static final int HEAP_DUMP_END = 0x2C;

  static final int CLASS_DUMP = 0x20;
  static final int INSTANCE_DUMP = 0x21;
  static final int OBJECT_ARRAY_DUMP = 0x22;
  static final int PRIMITIVE_ARRAY_DUMP = 0x23;
  static final int ANDROID_HEAP_DUMP_INFO = 0xFE;
  static final int ANDROID_PRIMITIVE_ARRAY_NODATA = 0xC3;

  static boolean isKnownTopLevel(int tag) {
    switch (tag) {
      case UTF8: case LOAD_CLASS: case UNLOAD_CLASS: case FRAME: case TRACE: case ALLOC_SITES:
      case HEAP_SUMMARY: case START_THREAD: case END_THREAD: case HEAP_DUMP: case CPU_SAMPLES:
      case CONTROL_SETTINGS: case HEAP_DUMP_SEGMENT: case HEAP_DUMP_END:
        return true;
      default:
        return false;
    }
  }

  static String topLevelName(int tag) {
    switch (tag) {
      case UTF8: return "UTF8";
      case LOAD_CLASS: return "LOAD CLASS";
      case FRAME: return "STACK FRAME";
      case TRACE: return "STACK TRACE";
      case HEAP_DUMP: return "HEAP DUMP";
      case HEAP_DUMP_SEGMENT: return "HEAP DUMP SEGMENT";
      case HEAP_DUMP_END: return "HEAP DUMP END";
      default: return String.format("record 0x%02X", tag);
    }
  }

  static String subRecordName(int tag) {
    switch (tag) {
      case CLASS_DUMP: return "CLASS DUMP";
      case INSTANCE_DUMP: return "INSTANCE DUMP";
      case OBJECT_ARRAY_DUMP: return "OBJECT ARRAY DUMP";
      case PRIMITIVE_ARRAY_DUMP: return "PRIMITIVE ARRAY DUMP";
      default: return String.format("heap sub-record 0x%02X", tag);
    }
  }

  /**
   * Bytes after the tag of a root or other fixed-size heap sub-record, or -1 for object records and
   * unknown tags.
   */
  static int fixedSubRecordBody(int tag, int idSize) {
    switch (tag) {
      case 0xFF: case 0x05: case 0x07: case 0x89: case 0x8A: case 0x8B: case 0x8C: case 0x8D:
      case 0x90:
        return idSize;
      case 0x01:
        return 2 * idSize;
      case 0x02: case 0x03: case 0x08: case 0x8E:
        return idSize + 8;
      case 0x04: case 0x06:
        return idSize + 4;
      case ANDROID_HEAP_DUMP_INFO:
        return 4 + idSize;
      case ANDROID_PRIMITIVE_ARRAY_NODATA:
        return idSize + 9;
      default:
        return -1;
    }
  }
}

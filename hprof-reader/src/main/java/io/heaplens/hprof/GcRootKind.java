package io.heaplens.hprof;

/** The kinds of GC roots an HPROF dump records, with their sub-record tags. */
public enum GcRootKind {
  UNKNOWN(0xFF),
  JNI_GLOBAL(0x01),
  JNI_LOCAL(0x02),
  JAVA_FRAME(0x03),
  NATIVE_STACK(0x04),
  STICKY_CLASS(0x05),
  THREAD_BLOCK(0x06),
  MONITOR_USED(0x07),
  THREAD_OBJECT(0x08),
  INTERNED_STRING(0x89),
  FINALIZING(0x8A),
  DEBUGGER(0x8B),
  REFERENCE_CLEANUP(0x8C),
  VM_INTERNAL(0x8D),
  JNI_MONITOR(0x8E),
  UNREACHABLE(0x90);

  private final int tag;

  GcRootKind(int tag) {
    this.tag = tag;
  }

  /** The heap-dump sub-record tag of this root kind. */
  public int tag() {
    return tag;
  }

  /** The kind for a sub-record tag, or null if the tag is not a root tag. */
  public static GcRootKind ofTag(int tag) {
    for (GcRootKind kind : values()) {
      if (kind.tag == tag) {
        return kind;
      }
    }
    return null;
  }
}

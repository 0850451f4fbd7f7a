package io.heaplens.hprof;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields the JVM injects into some JDK classes ({@code javaClasses.hpp}, the {@code
 * *_INJECTED_FIELDS} macros): HPROF does not list them, but they take space in every instance.
 * They differ between JDK versions, so the set is chosen from the field layout generation and, before
 * JDK 15, from whether the dump has a {@code java.lang.Module} class (JDK 9 and later).
 *
 * <p>Each entry is "name:code" with codes J intptr/long, I int, S short, Z boolean, L reference.
 */
final class InjectedFields {
  /** JDK 8. */
  private static final Map<String, List<String>> JDK_8 = Map.of(
      "java.lang.Class", List.of("klass:J", "array_klass:J", "oop_size:I",
          "static_oop_field_count:I", "protection_domain:L", "init_lock:L", "signers:L"),
      "java.lang.ClassLoader", List.of("loader_data:J"),
      "java.lang.invoke.MemberName", List.of("vmloader:L", "vmindex:J", "vmtarget:J"));

  /** JDK 9 to 14 (as in JDK 11). */
  private static final Map<String, List<String>> JDK_9_TO_14 = Map.of(
      "java.lang.Class", List.of("klass:J", "array_klass:J", "oop_size:I",
          "static_oop_field_count:I", "protection_domain:L", "signers:L", "source_file:L"),
      "java.lang.ClassLoader", List.of("loader_data:J"),
      "java.lang.Module", List.of("module_entry:J"),
      "java.lang.invoke.MemberName", List.of("vmindex:J"),
      "java.lang.invoke.ResolvedMethodName", List.of("vmholder:L", "vmtarget:J"),
      "java.lang.invoke.MethodHandleNatives$CallSiteContext", List.of("vmdependencies:J"),
      "java.lang.StackFrameInfo", List.of("version:S"));

  /** JDK 15 and later. */
  private static final Map<String, List<String>> JDK_15_AND_LATER = Map.of(
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
  private static final List<String> THREAD_SINCE_JDK_19 = List.of(
      "jvmti_thread_state:J", "jvmti_VTMS_transition_disable_count:I",
      "jvmti_is_in_VTMS_transition:Z", "jfr_epoch:S");

  private InjectedFields() {}

  /**
   * The injected fields of the class with this Java name, or an empty list.
   *
   * @param generation the dump's field layout generation
   * @param jvmClassNames JVM names ({@code java/lang/Module}) of every class of the dump
   */
  static List<String> of(String javaName, FieldLayoutGeneration generation, Set<String> jvmClassNames) {
    if (generation == FieldLayoutGeneration.BEFORE_JDK_15) {
      Map<String, List<String>> table =
          jvmClassNames.contains("java/lang/Module") ? JDK_9_TO_14 : JDK_8;
      return table.getOrDefault(javaName, List.of());
    }
    if (javaName.equals("java.lang.Thread") && jvmClassNames.contains("java/lang/Thread$FieldHolder")) {
      return THREAD_SINCE_JDK_19;
    }
    return JDK_15_AND_LATER.getOrDefault(javaName, List.of());
  }

  /** The field's name in an entry. */
  static String name(String entry) {
    return entry.substring(0, entry.indexOf(':'));
  }

  /** Whether the entry is a reference. */
  static boolean isReference(String entry) {
    return entry.endsWith(":L");
  }

  /** The entry's size in bytes; references take {@code referenceBytes}. */
  static int bytes(String entry, int referenceBytes) {
    switch (entry.charAt(entry.length() - 1)) {
      case 'J': return 8;
      case 'I': return 4;
      case 'S': return 2;
      case 'Z': return 1;
      default: return referenceBytes;
    }
  }
}

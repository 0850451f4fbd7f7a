package io.heaplens.hprof;

/** What an object record in the dump is. */
public enum ObjectKind {
  /** A plain Java object (INSTANCE DUMP). */
  INSTANCE,
  /** An array of references (OBJECT ARRAY DUMP). */
  OBJECT_ARRAY,
  /** An array of a primitive type (PRIMITIVE ARRAY DUMP). */
  PRIMITIVE_ARRAY,
  /** A {@code java.lang.Class} object (CLASS DUMP), holding the class's static fields. */
  CLASS
}

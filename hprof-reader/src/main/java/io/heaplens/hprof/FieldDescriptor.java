package io.heaplens.hprof;

/**
 * A field declared by a class, as the dump describes it.
 *
 * @param name the field name
 * @param type its basic type
 */
public record FieldDescriptor(String name, FieldType type) {}

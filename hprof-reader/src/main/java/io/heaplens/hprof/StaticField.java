package io.heaplens.hprof;

/**
 * A static field of a class, with its value.
 *
 * @param name the field name
 * @param value its value
 */
public record StaticField(String name, FieldValue value) {}

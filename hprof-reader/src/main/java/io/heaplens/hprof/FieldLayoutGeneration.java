package io.heaplens.hprof;

/**
 * Which of HotSpot's two field layout algorithms placed the instance fields of a dump's objects.
 * HPROF does not say; {@link LayoutInference} picks the one whose instance sizes predict more of the
 * distances between consecutive object addresses.
 */
public enum FieldLayoutGeneration {
  /**
   * JDK 15 and later ({@code FieldLayoutBuilder}): a class's fields may fill gaps left anywhere in
   * its superclasses' fields (see {@link HotSpotFieldLayout}).
   */
  JDK_15_AND_LATER("JDK 15+ field layout"),

  /**
   * JDK 8 to 14 ({@code ClassFileParser::layout_fields}): a class's fields start after its
   * superclass's fields, grouped by size, with one alignment gap filled (see {@link
   * LegacyHotSpotFieldLayout}).
   */
  BEFORE_JDK_15("pre-JDK-15 field layout");

  private final String description;

  FieldLayoutGeneration(String description) {
    this.description = description;
  }

  /** A few words for the dump's layout description, e.g. "pre-JDK-15 field layout". */
  public String description() {
    return description;
  }
}

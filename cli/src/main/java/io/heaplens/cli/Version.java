package io.heaplens.cli;

/** The heaplens version, from the jar manifest when packaged. */
final class Version {
  private Version() {}

  static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

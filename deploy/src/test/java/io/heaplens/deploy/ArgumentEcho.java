package io.heaplens.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A program that prints its arguments, one per line, under the name of a real one ({@code
 * heaplens}, {@code java}): put first on the PATH, it shows the exact argument vector a container's
 * shell command or the image's launcher would start the real program with.
 */
final class ArgumentEcho {
  private ArgumentEcho() {}

  /** Writes {@code bin/name}, executable, and returns {@code bin}. */
  static Path install(Path bin, String name) throws IOException {
    Path program = bin.resolve(name);
    // ECHO_EXIT_CODE lets a test see what the caller makes of the real program's exit codes.
    Files.writeString(program, "#!/bin/sh\nprintf '%s\\n' \"$@\"\nexit \"${ECHO_EXIT_CODE:-0}\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}

package io.heaplens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The image the e2e tests run, built once per test JVM by deploy/build-image.sh. Where podman cannot
 * build (not installed, no root to make the base image, ...), every caller is skipped with the
 * script's reason, printed loudly as well.
 */
final class TestImage {
  static final String NAME = "localhost/heaplens:e2e";
  /** The exit code with which build-image.sh says that podman cannot build here. */
  static final int CANNOT_BUILD_HERE = 77;
  static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

  private static String skipReason;
  private static boolean built;

  private TestImage() {}

  /** Builds the image on first call; skips the calling test (class) when podman cannot run here. */
  static synchronized String build(Podman podman) throws Exception {
    if (!built && skipReason == null) {
      Path script = KubernetesManifests.deployDirectory().resolve("build-image.sh");
      Podman.Result build = podman.run(List.of("bash", script.toString(), "--tag", NAME), Map.of(), BUILD_TIMEOUT);
      if (build.exitCode() == CANNOT_BUILD_HERE) {
        skipReason = "SKIPPED: the container image tests cannot run on this machine. " + build.err().strip();
      } else {
        assertThat(build.exitCode()).as(build.describe()).isZero();
        System.err.println(build.err().strip() + " (the whole script: " + build.elapsed().toSeconds() + " s)");
        built = true;
      }
    }
    if (skipReason != null) {
      System.err.println(skipReason);
      Assumptions.abort(skipReason);
    }
    return NAME;
  }
}

package io.heaplens.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.fixtures.KnownGraphScenario;
import io.heaplens.fixtures.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image as users get it: built by deploy/build-image.sh, then run with podman under a memory
 * limit, the way a pod runs it. Skipped, with the reason, where podman cannot run (the script says
 * why: not installed, no root to make the base image, ...).
 */
@Tag("e2e")
class ContainerImageE2ETest {
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path temp;

  private static Podman podman;
  private static String image;

  @BeforeAll
  static void configurePodman() throws Exception {
    podman = new Podman(Files.createDirectories(temp.resolve("podman")));
  }

  /** Built once; each test is then reported as skipped, with the reason, where podman cannot run. */
  @BeforeEach
  void buildTheImage() throws Exception {
    image = TestImage.build(podman);
  }

  @Test
  void withoutArgumentsTheImagePrintsTheUsage() throws Exception {
    Podman.Result help = podman.podman(RUN_TIMEOUT, "run", "--rm", "--memory", "512m", image);
    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.out()).contains("usage: heaplens <command> [options]", "scan <source>");
  }

  /**
   * A real dump, mounted into the container, is analyzed there as on the host: the same counts,
   * the same findings, from the same bytes.
   */
  @Test
  void analyzesAMountedDumpAsTheHostDoes() throws Exception {
    Path data = Files.createDirectories(temp.resolve("data"));
    // The image runs as user 10001, which owns nothing on the host; jcmd writes dumps readable by
    // their owner only.
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path dump = Files.copy(ScenarioRunner.dump(KnownGraphScenario.class).heapDump(), data.resolve("app.hprof"));
    Files.setPosixFilePermissions(dump, PosixFilePermissions.fromString("rw-r--r--"));

    Podman.Result inContainer = podman.podman(RUN_TIMEOUT, "run", "--rm", "--memory", "1g",
        "-v", data + ":/data", image,
        "analyze", "/data/app.hprof", "-o", "/data/report.html", "--json", "/data/analysis.json");
    assertThat(inContainer.exitCode()).as(inContainer.describe()).isZero();
    System.err.println("heaplens analyze in the container (1 GiB limit): " + inContainer.elapsed().toMillis() + " ms");
    assertThat(Files.readString(data.resolve("report.html"))).contains("<!DOCTYPE html>");

    Path jar = KubernetesManifests.deployDirectory().resolveSibling("cli/target/heaplens.jar");
    Podman.Result onHost = podman.run(List.of(javaOnHost(), "-jar", jar.toString(), "analyze",
        data.resolve("app.hprof").toString(), "--json", temp.resolve("host.json").toString()), Map.of(), RUN_TIMEOUT);
    assertThat(onHost.exitCode()).as(onHost.describe()).isZero();

    ObjectMapper json = new ObjectMapper();
    JsonNode container = json.readTree(data.resolve("analysis.json").toFile());
    JsonNode host = json.readTree(temp.resolve("host.json").toFile());
    assertThat(container.at("/counts/objects").asLong()).isPositive();
    assertThat(container.get("counts")).isEqualTo(host.get("counts"));
    assertThat(container.at("/analysis/inputs/0/sha256")).isEqualTo(host.at("/analysis/inputs/0/sha256"));
    assertThat(ruleIds(container)).isEqualTo(ruleIds(host));
  }

  private static List<String> ruleIds(JsonNode analysis) {
    List<String> ids = new ArrayList<>();
    analysis.get("findings").forEach(finding -> ids.add(finding.get("ruleId").asText()));
    return ids;
  }

  private static String javaOnHost() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

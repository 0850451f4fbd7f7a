package io.heaplens.deploy;

import static io.heaplens.deploy.KubernetesManifests.at;
import static io.heaplens.deploy.KubernetesManifests.only;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Indexed Job rehearsed with podman: one container per shard, side by side, each running the
 * scan Job's own command and environment from scan-job.yaml, with JOB_COMPLETION_INDEX set as
 * Kubernetes sets it and the pod's read-only root filesystem; then the index Job's command. A local
 * folder stands in for the bucket (the S3 path is the scan module's tests' business), and the
 * memory limit is scaled down to 1 GiB to fit this machine.
 */
@Tag("e2e")
class IndexedJobInPodmanE2ETest {
  static final int DUMPS = 6;
  static final int MEMORY_MIB = 1024;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern ANALYZED = Pattern.compile("(\\d+) analyzed now, (\\d+) failed now");

  @TempDir
  Path temp;

  @Test
  void theShardsSideBySideAnalyzeEveryDumpOnceAndTheIndexStepListsThemAll() throws Exception {
    Podman podman = new Podman(Files.createDirectories(temp.resolve("podman")));
    String image = TestImage.build(podman);
    Path dumps = Files.createDirectories(temp.resolve("dumps"));
    Path dump = ScenarioRunner.dump(KnownGraphScenario.class).heapDump();
    for (int i = 0; i < DUMPS; i++) {
      readableByAll(Files.copy(dump, dumps.resolve("app-" + i + ".hprof")));
    }
    readableByAll(Files.writeString(dumps.resolve("notes.txt"), "not a dump"));
    Path results = writableByAll(Files.createDirectories(temp.resolve("results")));

    Map<String, Object> scanJob = only("scan-job.yaml");
    List<Map<String, Object>> configMaps = KubernetesManifests.load("scan-config.yaml");
    int shards = (Integer) at(scanJob, "spec", "completions");
    Map<String, String> bucketHere = Map.of("HEAPLENS_SOURCE", "/dumps/", "HEAPLENS_DEST", "/results/");

    long start = System.nanoTime();
    List<Podman.Result> shardRuns = new ArrayList<>();
    ExecutorService pods = Executors.newFixedThreadPool(shards);
    try {
      List<Future<Podman.Result>> running = new ArrayList<>();
      for (int index = 0; index < shards; index++) {
        Map<String, String> kubernetesSets = new LinkedHashMap<>(bucketHere);
        kubernetesSets.put("JOB_COMPLETION_INDEX", String.valueOf(index));
        kubernetesSets.put("MEMORY_LIMIT_MIB", String.valueOf(MEMORY_MIB));
        Path scratch = writableByAll(Files.createDirectories(temp.resolve("scratch-" + index)));
        List<String> command = podRun(image, PodCommand.of(scanJob, configMaps), kubernetesSets,
            List.of("-v", dumps + ":/dumps:ro", "-v", results + ":/results", "-v", scratch + ":/scratch"));
        running.add(pods.submit(() -> podman.podman(RUN_TIMEOUT, command.toArray(String[]::new))));
      }
      for (Future<Podman.Result> shard : running) {
        shardRuns.add(shard.get());
      }
    } finally {
      pods.shutdownNow();
    }
    System.err.printf("%d shards side by side, %d dumps, %d MiB each: %d ms%n", shards, DUMPS, MEMORY_MIB,
        Duration.ofNanos(System.nanoTime() - start).toMillis());

    int analyzed = 0;
    for (Podman.Result shard : shardRuns) {
      assertThat(shard.exitCode()).as(shard.describe()).isZero();
      Matcher counts = ANALYZED.matcher(shard.out());
      assertThat(counts.find()).as(shard.describe()).isTrue();
      assertThat(counts.group(2)).as(shard.describe()).isEqualTo("0");
      analyzed += Integer.parseInt(counts.group(1));
    }
    assertThat(analyzed).as("analyses across the shards").isEqualTo(DUMPS);

    Map<String, Object> indexJob = only("index-job.yaml");
    Podman.Result index = podman.podman(RUN_TIMEOUT, podRun(image, PodCommand.of(indexJob, configMaps), bucketHere,
        List.of("-v", results + ":/results")).toArray(String[]::new));
    assertThat(index.exitCode()).as(index.describe()).isZero();

    JsonNode analyses = new ObjectMapper().readTree(results.resolve("index.json").toFile()).get("analyses");
    List<String> done = new ArrayList<>();
    analyses.forEach(entry -> {
      if (entry.get("status").asText().equals("done")) {
        entry.get("inputs").forEach(input -> done.add(input.asText()));
      }
    });
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < DUMPS; i++) {
      expected.add("app-" + i + ".hprof");
    }
    assertThat(done).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * {@code podman run} of a pod's container: its command and environment plus what Kubernetes sets,
   * its memory limit, and its security context (read-only root filesystem, no capabilities).
   */
  private static List<String> podRun(String image, PodCommand pod, Map<String, String> kubernetesSets,
      List<String> volumes) {
    List<String> command = new ArrayList<>(List.of("run", "--rm", "--memory", MEMORY_MIB + "m", "--read-only",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
    Map<String, String> environment = new LinkedHashMap<>(pod.environment());
    environment.putAll(kubernetesSets);
    environment.forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
    command.addAll(volumes);
    List<String> podCommand = pod.command();
    command.addAll(List.of("--entrypoint", podCommand.get(0), image));
    command.addAll(podCommand.subList(1, podCommand.size()));
    return command;
  }

  private static Path readableByAll(Path file) throws java.io.IOException {
    return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static Path writableByAll(Path directory) throws java.io.IOException {
    return Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
  }
}

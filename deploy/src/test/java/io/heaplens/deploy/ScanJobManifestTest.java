package io.heaplens.deploy;

import static io.heaplens.deploy.KubernetesManifests.at;
import static io.heaplens.deploy.KubernetesManifests.load;
import static io.heaplens.deploy.KubernetesManifests.mapAt;
import static io.heaplens.deploy.KubernetesManifests.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests hold together as a sharded scan: the scan Job is Indexed with one shard
 * per pod and N in agreement, each pod's command (run here by a shell, as the pod runs it) asks
 * for its shard of the same source and destination, the memory adds up, and the index step
 * rebuilds the index where the shards wrote.
 */
class ScanJobManifestTest {
  private static final Pattern ANALYSIS_HEAP = Pattern.compile("([0-9]+)m");
  private static final Pattern PARENT_HEAP = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)");
  private static final long MIB = 1 << 20;

  @TempDir
  Path bin;

  private Map<String, Object> scanJob;
  private Map<String, Object> indexJob;
  private List<Map<String, Object>> configMaps;

  @BeforeEach
  void load() throws IOException {
    scanJob = only("scan-job.yaml");
    indexJob = only("index-job.yaml");
    configMaps = KubernetesManifests.load("scan-config.yaml");
    ArgumentEcho.install(bin, "heaplens");
  }

  @Test
  void theScanIsAnIndexedJobWithOneShardPerPod() throws Exception {
    assertThat(scanJob).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
    Map<String, Object> spec = mapAt(scanJob, "spec");
    assertThat(spec).containsEntry("completionMode", "Indexed");
    int shards = (Integer) at(spec, "completions");
    assertThat(shards).isGreaterThan(1);
    assertThat(at(spec, "parallelism")).as("parallelism = completions = N").isEqualTo(shards);
    // backoffLimitPerIndex retries a failed shard alone; Kubernetes accepts it with restartPolicy Never only.
    assertThat((Integer) at(spec, "backoffLimitPerIndex")).isGreaterThanOrEqualTo(1);
    assertThat(at(spec, "template", "spec", "restartPolicy")).isEqualTo("Never");

    PodCommand pod = PodCommand.of(scanJob, configMaps);
    List<String> argv = pod.run(bin, Map.of());
    assertThat(argv).startsWith("scan", config("HEAPLENS_SOURCE"));
    assertThat(option(argv, "--out")).isEqualTo(config("HEAPLENS_DEST"));
    assertThat(option(argv, "--shard")).as("the shard count in the command is N").isEqualTo("auto/" + shards);
    assertThat(config("HEAPLENS_DEST")).as("shards share no disk: results go to a bucket").startsWith("s3://");
  }

  /**
   * heaplens scan exits with 1 when some analyses failed: they are recorded, and a new pod would
   * not retry them, so the shard succeeded. Other exit codes (2 bad input or an unreachable store,
   * 3 internal) fail the pod, which Kubernetes retries.
   */
  @Test
  void aShardWhoseFailedAnalysesAreRecordedSucceeds() throws Exception {
    PodCommand pod = PodCommand.of(scanJob, configMaps);
    Map<Integer, Integer> podExitByScanExit = new java.util.TreeMap<>();
    for (int scanExit : new int[] {0, 1, 2, 3}) {
      Path output = Files.createTempFile(bin, "exit" + scanExit, ".txt");
      podExitByScanExit.put(scanExit, pod.exitCode(bin, Map.of("ECHO_EXIT_CODE", String.valueOf(scanExit)), output));
    }
    assertThat(podExitByScanExit.get(0)).isZero();
    assertThat(podExitByScanExit.get(1)).isZero();
    assertThat(podExitByScanExit.get(2)).isNotZero();
    assertThat(podExitByScanExit.get(3)).isNotZero();
  }

  @Test
  void theIndexStepRebuildsTheIndexWhereTheShardsWrote() throws Exception {
    assertThat(indexJob).containsEntry("kind", "Job");
    assertThat(mapAt(indexJob, "spec")).doesNotContainKey("completionMode").containsEntry("completions", 1);
    assertThat(at(indexJob, "spec", "template", "spec", "restartPolicy")).isIn("Never", "OnFailure");

    List<String> scanArgv = PodCommand.of(scanJob, configMaps).run(bin, Map.of());
    List<String> indexArgv = PodCommand.of(indexJob, configMaps).run(bin, Map.of());
    assertThat(indexArgv).containsExactly("scan", "--index-only", "--out", option(scanArgv, "--out"));
    assertThat(at(indexJob, "spec", "template", "spec", "containers", 0, "image"))
        .isEqualTo(at(scanJob, "spec", "template", "spec", "containers", 0, "image"));
  }

  @Test
  void storeOptionsReachTheShardsAndTheIndexAlike() throws Exception {
    Map<String, String> pathStyle = Map.of("HEAPLENS_S3_OPTIONS", "--path-style --endpoint-url http://minio:9000");
    for (Map<String, Object> job : List.of(scanJob, indexJob)) {
      List<String> argv = PodCommand.of(job, configMaps).run(bin, pathStyle);
      assertThat(argv).as(String.valueOf(at(job, "metadata", "name")))
          .contains("--path-style").containsSubsequence("--endpoint-url", "http://minio:9000");
    }
  }

  @Test
  void eachPodGetsTheMemoryItWasSizedFor() throws Exception {
    for (Map<String, Object> job : List.of(scanJob, indexJob)) {
      long[] memory = PodCommand.of(job, configMaps).memory();
      assertThat(memory[0]).as("memory request = limit in " + at(job, "metadata", "name")).isEqualTo(memory[1]);
    }
  }

  /**
   * The analysis heap is derived from the container's limit, and the two heaps (the scan's own,
   * from the image's launcher, and the analysis') leave room for what the two JVMs use besides
   * their heaps. The room asked for, a quarter of the limit and at least 512 MiB, is a margin for
   * class metadata, code, thread stacks and GC structures, not a measured figure.
   */
  @Test
  void theHeapsFitInTheContainerLimit() throws Exception {
    PodCommand pod = PodCommand.of(scanJob, configMaps);
    long limit = pod.memory()[1];
    Matcher analysis = ANALYSIS_HEAP.matcher(option(pod.run(bin, Map.of()), "--analysis-heap"));
    assertThat(analysis.matches()).as("--analysis-heap in MiB").isTrue();
    long analysisHeap = Long.parseLong(analysis.group(1)) * MIB;
    assertThat(analysisHeap).isBetween(limit / 2, limit * 3 / 4);

    long parentHeap = (long) (limit * parentHeapPercent(pod) / 100);
    long rest = limit - analysisHeap - parentHeap;
    assertThat(rest).as("memory left besides the two heaps").isGreaterThanOrEqualTo(Math.max(limit / 4, 512 * MIB));

    // The same command follows the limit when someone changes it.
    Map<String, String> halfTheMemory = Map.of("MEMORY_LIMIT_MIB", String.valueOf(limit / 2 / MIB));
    Matcher halved = ANALYSIS_HEAP.matcher(option(pod.run(bin, halfTheMemory), "--analysis-heap"));
    assertThat(halved.matches()).isTrue();
    assertThat(Long.parseLong(halved.group(1)) * MIB).isBetween(analysisHeap / 2 - MIB, analysisHeap / 2 + MIB);
  }

  @Test
  void everyEnvironmentVariableTheCommandsReadIsSet() throws Exception {
    for (Map<String, Object> job : List.of(scanJob, indexJob)) {
      PodCommand pod = PodCommand.of(job, configMaps);
      String script = pod.command().get(pod.command().size() - 1);
      Matcher variable = Pattern.compile("\\$\\(?\\(?\\{?([A-Z_][A-Z0-9_]*)").matcher(script);
      List<String> read = new ArrayList<>();
      while (variable.find()) {
        read.add(variable.group(1));
      }
      assertThat(read).as("variables read by " + at(job, "metadata", "name")).isNotEmpty();
      assertThat(pod.environment().keySet()).containsAll(read);
    }
  }

  /** The -XX:MaxRAMPercentage the image's launcher gives the scan process itself. */
  private double parentHeapPercent(PodCommand pod) throws Exception {
    Path launcher = KubernetesManifests.deployDirectory().resolve("heaplens-in-container.sh");
    ArgumentEcho.install(bin, "java");
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString(), "scan", "s3://b/").redirectErrorStream(true);
    builder.environment().clear();
    pod.environment().forEach((name, value) -> {
      if (name.equals("JAVA_OPTS") || name.equals("HEAPLENS_OPTS")) {
        builder.environment().put(name, value);
      }
    });
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    Matcher percent = PARENT_HEAP.matcher(output);
    assertThat(percent.find()).as("the launcher sizes the scan's heap by percentage: " + output).isTrue();
    return Double.parseDouble(percent.group(1));
  }

  private String config(String key) {
    return String.valueOf(at(configMaps.get(0), "data", key));
  }

  private static String option(List<String> argv, String name) {
    int at = argv.indexOf(name);
    assertThat(at).as(name + " in " + argv).isNotNegative();
    assertThat(at + 1).as("a value after " + name).isLessThan(argv.size());
    return argv.get(at + 1);
  }
}

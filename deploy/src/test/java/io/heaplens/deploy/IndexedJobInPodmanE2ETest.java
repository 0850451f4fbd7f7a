package io.heaplens.deploy;

import static io.heaplens.deploy.KubernetesManifests.at;
import static io.heaplens.deploy.KubernetesManifests.only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.fixtures.KnownGraphScenario;
import io.heaplens.fixtures.S3TestServer;
import io.heaplens.fixtures.ScenarioRunner;
import java.net.URI;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Indexed Job rehearsed with podman against a real S3-compatible server (s3proxy on loopback):
 * one container per shard, side by side, each running the scan Job's own command and environment
 * from the manifests (the ConfigMap's source and destination as shipped, the Secret's keys, the
 * endpoint in HEAPLENS_S3_OPTIONS as the README says), with JOB_COMPLETION_INDEX set as Kubernetes
 * sets it and the pod's read-only root filesystem; then the index Job's command. The memory limit
 * is scaled down to 1 GiB to fit this machine.
 */
@Tag("e2e")
class IndexedJobInPodmanE2ETest {
  static final int DUMPS = 6;
  static final int MEMORY_MIB = 1024;
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern ANALYZED = Pattern.compile("(\\d+) analyzed now, (\\d+) failed now");
  private static final Pattern S3_URL = Pattern.compile("s3://([^/]+)/(.*)");

  @TempDir
  Path temp;

  @Test
  void theShardsSideBySideAnalyzeEveryDumpOnceAndTheIndexStepListsThemAll() throws Exception {
    Podman podman = new Podman(Files.createDirectories(temp.resolve("podman")));
    String image = TestImage.build(podman);
    Map<String, Object> scanJob = only("scan-job.yaml");
    Map<String, Object> indexJob = only("index-job.yaml");
    List<Map<String, Object>> configMaps = KubernetesManifests.load("scan-config.yaml");
    PodCommand scanPod = PodCommand.of(scanJob, configMaps);
    int shards = (Integer) at(scanJob, "spec", "completions");
    Matcher source = s3Url(scanPod.environment().get("HEAPLENS_SOURCE"));
    Matcher dest = s3Url(scanPod.environment().get("HEAPLENS_DEST"));

    try (S3TestServer server = S3TestServer.start(Files.createDirectories(temp.resolve("s3")));
        S3Client s3 = client(server)) {
      s3.createBucket(request -> request.bucket(source.group(1)));
      if (!dest.group(1).equals(source.group(1))) {
        s3.createBucket(request -> request.bucket(dest.group(1)));
      }
      Path dump = ScenarioRunner.dump(KnownGraphScenario.class).heapDump();
      for (int i = 0; i < DUMPS; i++) {
        String key = source.group(2) + "app-" + i + ".hprof";
        s3.putObject(request -> request.bucket(source.group(1)).key(key), RequestBody.fromFile(dump));
      }
      s3.putObject(request -> request.bucket(source.group(1)).key(source.group(2) + "notes.txt"),
          RequestBody.fromString("not a dump"));

      // What the Secret heaplens-s3 holds, and the endpoint of this store as the README says to give it.
      Map<String, String> store = new LinkedHashMap<>();
      store.put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
      store.put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
      store.put("HEAPLENS_S3_OPTIONS", "--endpoint-url " + server.endpoint());

      long start = System.nanoTime();
      List<Podman.Result> shardRuns = new ArrayList<>();
      ExecutorService pods = Executors.newFixedThreadPool(shards);
      try {
        List<Future<Podman.Result>> running = new ArrayList<>();
        for (int index = 0; index < shards; index++) {
          Map<String, String> kubernetesSets = new LinkedHashMap<>(store);
          kubernetesSets.put("JOB_COMPLETION_INDEX", String.valueOf(index));
          kubernetesSets.put("MEMORY_LIMIT_MIB", String.valueOf(MEMORY_MIB));
          Path scratch = writableByAll(Files.createDirectories(temp.resolve("scratch-" + index)));
          List<String> command = podRun(image, scanPod, kubernetesSets, List.of("-v", scratch + ":/scratch"));
          running.add(pods.submit(() -> podman.podman(RUN_TIMEOUT, command.toArray(String[]::new))));
        }
        for (Future<Podman.Result> shard : running) {
          shardRuns.add(shard.get());
        }
      } finally {
        pods.shutdownNow();
      }
      System.err.printf("%d shards side by side, %d dumps from S3, %d MiB each: %d ms%n", shards, DUMPS, MEMORY_MIB,
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

      Podman.Result index = podman.podman(RUN_TIMEOUT,
          podRun(image, PodCommand.of(indexJob, configMaps), store, List.of()).toArray(String[]::new));
      assertThat(index.exitCode()).as(index.describe()).isZero();

      byte[] indexJson = s3.getObjectAsBytes(request -> request.bucket(dest.group(1))
          .key(dest.group(2) + "index.json")).asByteArray();
      List<String> done = new ArrayList<>();
      new ObjectMapper().readTree(indexJson).get("analyses").forEach(entry -> {
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
  }

  /**
   * {@code podman run} of a pod's container: its command and environment plus what Kubernetes sets,
   * its memory limit and its security context (read-only root filesystem, no capabilities), on the
   * host's network, where the S3 server listens on loopback.
   */
  private static List<String> podRun(String image, PodCommand pod, Map<String, String> kubernetesSets,
      List<String> volumes) {
    List<String> command = new ArrayList<>(List.of("run", "--rm", "--network=host", "--memory", MEMORY_MIB + "m",
        "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"));
    Map<String, String> environment = new LinkedHashMap<>(pod.environment());
    environment.putAll(kubernetesSets);
    environment.forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
    command.addAll(volumes);
    List<String> podCommand = pod.command();
    command.addAll(List.of("--entrypoint", podCommand.get(0), image));
    command.addAll(podCommand.subList(1, podCommand.size()));
    return command;
  }

  /** An S3 client of the test server, configured as a user of an S3-compatible store must. */
  private static S3Client client(S3TestServer server) {
    return S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build();
  }

  private static Matcher s3Url(String url) {
    Matcher matcher = S3_URL.matcher(String.valueOf(url));
    assertThat(matcher.matches()).as("an s3:// URL: " + url).isTrue();
    return matcher;
  }

  private static Path writableByAll(Path directory) throws java.io.IOException {
    return Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
  }
}

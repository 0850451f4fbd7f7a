package io.heaplens.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultSummary;
import io.heaplens.fixtures.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Tagged e2e: uploading the 2,000 keys that make the listing span pages takes most of a minute.
 *
 * <p>The S3 source and result store against a real S3-compatible server (s3proxy on loopback),
 * through the client heaplens builds, with SigV4 and default checksum settings of the SDK in force.
 */
@Tag("e2e")
class S3RoundTripTest {
  private static final String BUCKET = "dumps";
  private static final int SMALL_KEYS = 2_000;

  @TempDir
  static Path temp;
  static S3TestServer server;
  static S3Client s3;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3TestServer.start(temp);
    // The SDK's default chains read these system properties; the scan command reads the same chains.
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    System.setProperty("aws.region", "us-east-1");
    s3 = S3Connection.open(server.endpoint(), true);
    s3.createBucket(CreateBucketRequest.builder().bucket(BUCKET).build());
    put("incoming/app-1.hprof", "JAVA PROFILE 1.0.2\0 and the rest");
    put("incoming/app-1.jfr", "FLR\0 and the rest");
    put("incoming/empty.hprof", "");
    ExecutorService uploads = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new java.util.ArrayList<>();
    for (int i = 0; i < SMALL_KEYS; i++) {
      String key = String.format("incoming/logs/line-%04d.txt", i);
      done.add(uploads.submit(() -> put(key, "log line")));
    }
    for (Future<?> future : done) {
      future.get();
    }
    uploads.shutdown();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static void put(String key, String content) {
    s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(),
        RequestBody.fromString(content, StandardCharsets.ISO_8859_1));
  }

  @Test
  void listingFollowsEveryPageAndKeysAreRelativeToThePrefix() throws Exception {
    List<SourceObject> objects = new S3Source(s3, S3Location.parse("s3://dumps/incoming")).list();

    assertThat(objects).hasSize(SMALL_KEYS + 3);
    assertThat(objects).extracting(SourceObject::key).contains("app-1.hprof", "logs/line-1999.txt");
    assertThat(objects).allSatisfy(object -> assertThat(object.version()).startsWith("etag:"));
  }

  @Test
  void fetchStreamsTheWholeObjectOrItsHead() throws Exception {
    S3Source source = new S3Source(s3, S3Location.parse("s3://dumps/incoming/"));
    SourceObject dump = source.list().stream().filter(object -> object.key().equals("app-1.hprof")).findFirst()
        .orElseThrow();

    assertThat(Files.readString(source.fetch(dump, temp.resolve("whole"), Long.MAX_VALUE), StandardCharsets.ISO_8859_1))
        .isEqualTo("JAVA PROFILE 1.0.2\0 and the rest");
    assertThat(Files.size(source.fetch(dump, temp.resolve("head"), 4))).isEqualTo(4);
  }

  @Test
  void anObjectReplacedAfterListingIsNotFetchedUnderTheOldIdentity() throws Exception {
    put("other/replaced.hprof", "JAVA PROFILE 1.0.2\0 first");
    S3Source source = new S3Source(s3, S3Location.parse("s3://dumps/other/"));
    SourceObject listed = source.list().stream().filter(object -> object.key().equals("replaced.hprof"))
        .findFirst().orElseThrow();
    put("other/replaced.hprof", "JAVA PROFILE 1.0.2\0 second, longer");

    assertThatThrownBy(() -> source.fetch(listed, temp.resolve("replaced"), Long.MAX_VALUE))
        .hasMessageContaining("412");
  }

  @Test
  void theStoreFindsACompleteResultOnlyAfterItsRecordAndListsEveryWriter() throws Exception {
    S3ResultStore store = new S3ResultStore(s3, S3Location.parse("s3://dumps/results/"));
    Path report = Files.writeString(temp.resolve("report.html"), "<html>report</html>");
    Path json = Files.writeString(temp.resolve("analysis.json"), "{\"findings\":[]}");
    List<ResultRecord.Input> inputs = List.of(new ResultRecord.Input("app-1.hprof", "heapDump", 33, "etag:\"x\""));
    assertThat(store.find("app-1.hprof")).isEmpty();

    store.publish(ResultRecord.done("app-1.hprof", inputs, new ResultSummary(null, 0, List.of(), Map.of()), "t", 5,
        "test"), report, json);
    store.publishSkipped("shard-0-of-2", List.of(ResultRecord.skipped("notes.txt",
        new ResultRecord.Input("notes.txt", null, 3, "etag:\"y\""), "not a dump", "test")));
    store.publishSkipped("shard-1-of-2", List.of(ResultRecord.skipped("empty.hprof",
        new ResultRecord.Input("empty.hprof", null, 0, "etag:\"z\""), "empty (0 bytes)", "test")));

    assertThat(store.find("app-1.hprof")).get().extracting(ResultRecord::status).isEqualTo("done");
    assertThat(store.all()).extracting(ResultRecord::key)
        .containsExactlyInAnyOrder("app-1.hprof", "notes.txt", "empty.hprof");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("results/app-1.hprof/report.html")).asUtf8String())
        .isEqualTo("<html>report</html>");

    store.delete("app-1.hprof");
    assertThat(store.find("app-1.hprof")).isEmpty();
  }

  @Test
  void aMissingBucketIsOneLineThatSaysWhatToCheck() {
    S3Source source = new S3Source(s3, S3Location.parse("s3://no-such-bucket/x/"));
    assertThatThrownBy(source::list).hasMessageStartingWith("cannot list s3://no-such-bucket/x/: S3 answered 404")
        .hasMessageContaining("check the bucket name")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}

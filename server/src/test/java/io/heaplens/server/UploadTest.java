package io.heaplens.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads over real HTTP to a real server: stored under fixed names with the SHA-256 computed on
 * the way; refused by content (415), by size while reading (413) and by free disk (507), each
 * leaving nothing behind; two at once; hostile file names kept as text only.
 */
@Timeout(60)
class UploadTest {
  private static final long MB = 1L << 20;

  @TempDir
  Path temp;
  TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aDumpIsStoredUnderAFixedNameWithItsHashAndItsHostileNameIsOnlyText() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);
    byte[] dump = TestServer.dump(300_000);
    String hostile = "../../etc/passwd";

    HttpResponse<String> response = server.send(server.upload("file", hostile, dump));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode accepted = HttpReplies.JSON.readTree(response.body());
    assertThat(accepted.get("status").asText()).isEqualTo("queued");
    String id = accepted.get("id").asText();
    assertThat(response.headers().firstValue("Location")).hasValue("/api/analyses/" + id);
    JsonNode analysis = HttpReplies.JSON.readTree(server.get("/api/analyses/" + id).body());
    JsonNode file = analysis.get("files").get(0);
    assertThat(file.get("name").asText()).isEqualTo(hostile);
    assertThat(file.get("bytes").asLong()).isEqualTo(dump.length);
    assertThat(file.get("sha256").asText()).isEqualTo(sha256(dump));
    assertThat(file.get("kind").asText()).isEqualTo("heapDump");
    assertThat(server.filesInData()).contains("analyses/" + id + "/" + DataFolder.HEAP_DUMP)
        .allMatch(name -> name.startsWith("analyses/" + id + "/"));
    assertThat(Files.readAllBytes(server.data.resolve("analyses").resolve(id).resolve(DataFolder.HEAP_DUMP)))
        .isEqualTo(dump);
    assertThat(temp.resolve("etc")).doesNotExist();
    assertThat(server.data.resolve("etc")).doesNotExist();
  }

  @Test
  void aTextFileGets415WithTheReasonAndIsNotQueued() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);

    HttpResponse<String> response = server.send(server.upload("file", "notes.hprof",
        "these are my notes, not a dump\n".repeat(5_000).getBytes()));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(HttpReplies.JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("the file part is not a heap dump or a flight recording: neither a heap dump nor a flight"
            + " recording (starts with \"these ar\")");
    assertThat(server.filesInData()).isEmpty();
    assertThat(HttpReplies.JSON.readTree(server.get("/api/analyses").body()).get("analyses")).isEmpty();
  }

  @Test
  void aDumpInTheRecordingFieldGets415() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);

    HttpResponse<String> response = server.send(server.upload("recording", "app.jfr", TestServer.dump(100_000)));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("the recording part is not a flight recording");
    assertThat(server.filesInData()).isEmpty();
  }

  @Test
  void anUploadOverTheLimitGets413WhileItIsReadAndLeavesNoFile() throws Exception {
    server = TestServer.start(temp.resolve("data"), MB, 0, null);
    byte[] dump = TestServer.dump((int) (3 * MB));

    // Streamed without a length: only counting while reading can catch it.
    HttpResponse<String> streamed = server.send(server.uploadStreamed("file", "big.hprof",
        () -> new ByteArrayInputStream(dump)));
    // With its length declared, it is refused before a byte is read.
    HttpResponse<String> declared = server.send(server.upload("file", "big.hprof", dump));

    for (HttpResponse<String> response : List.of(streamed, declared)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      assertThat(HttpReplies.JSON.readTree(response.body()).get("error").asText())
          .isEqualTo("the upload is larger than this server's limit of 1.0 MB (heaplens serve --max-upload)");
    }
    assertThat(server.filesInData()).isEmpty();
    assertThat(HttpReplies.JSON.readTree(server.get("/api/analyses").body()).get("analyses")).isEmpty();
  }

  @Test
  void anUploadJustUnderTheLimitIsAccepted() throws Exception {
    server = TestServer.start(temp.resolve("data"), MB, 0, null);
    byte[] dump = TestServer.dump((int) (MB - 16 * 1024));

    HttpResponse<String> response = server.send(server.uploadStreamed("file", "fits.hprof",
        () -> new ByteArrayInputStream(dump)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  @Test
  void anUploadThatWouldFillTheDiskGets507() throws Exception {
    long moreThanAnyDisk = 1L << 50;
    server = TestServer.start(temp.resolve("data"), 64 * MB, moreThanAnyDisk, null);

    HttpResponse<String> response = server.send(server.upload("file", "app.hprof", TestServer.dump(100_000)));

    assertThat(response.statusCode()).isEqualTo(507);
    assertThat(response.body()).contains("uploads must leave 1024.0 TB (heaplens serve --keep-free)");
    assertThat(server.filesInData()).isEmpty();
  }

  @Test
  void twoConcurrentUploadsBothComplete() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);
    byte[] first = TestServer.dump((int) (4 * MB));
    byte[] second = TestServer.dump((int) (5 * MB));
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      // Streamed slowly enough that both are in flight at once.
      Callable<HttpResponse<String>> one = () -> server.send(server.uploadStreamed("file", "one.hprof",
          () -> slow(first)));
      Callable<HttpResponse<String>> two = () -> server.send(server.uploadStreamed("file", "two.hprof",
          () -> slow(second)));
      Future<HttpResponse<String>> firstResponse = clients.submit(one);
      Future<HttpResponse<String>> secondResponse = clients.submit(two);

      JsonNode a = HttpReplies.JSON.readTree(firstResponse.get().body());
      JsonNode b = HttpReplies.JSON.readTree(secondResponse.get().body());
      assertThat(firstResponse.get().statusCode()).isEqualTo(202);
      assertThat(secondResponse.get().statusCode()).isEqualTo(202);
      assertThat(a.get("id").asText()).isNotEqualTo(b.get("id").asText());
      assertThat(a.get("files").get(0).get("sha256").asText()).isEqualTo(sha256(first));
      assertThat(b.get("files").get(0).get("sha256").asText()).isEqualTo(sha256(second));
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void malformedBodiesAndOtherTypesAreRefusedInOneSentence() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);

    HttpResponse<String> notMultipart = server.send(HttpRequest.newBuilder(server.uri("/api/analyses"))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(TestServer.dump(10_000))));
    HttpResponse<String> cutShort = server.send(HttpRequest.newBuilder(server.uri("/api/analyses"))
        .header("Content-Type", "multipart/form-data; boundary=" + TestServer.BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            TestServer.concat(TestServer.partHead("file", "a.hprof"), TestServer.dump(100_000)))));
    HttpResponse<String> noFile = server.send(server.upload("other", "a.hprof", TestServer.dump(10_000)));

    assertThat(notMultipart.statusCode()).isEqualTo(415);
    assertThat(cutShort.statusCode()).isEqualTo(400);
    assertThat(noFile.statusCode()).isEqualTo(400);
    for (HttpResponse<String> response : List.of(notMultipart, cutShort, noFile)) {
      assertThat(HttpReplies.JSON.readTree(response.body()).get("error").asText()).doesNotContain("Exception")
          .doesNotContain("\n");
    }
    assertThat(server.filesInData()).isEmpty();
  }

  @Test
  void nothingListsAFolderOrServesAFileByName() throws Exception {
    server = TestServer.start(temp.resolve("data"), 64 * MB, 0, null);
    String id = HttpReplies.JSON.readTree(server.send(server.upload("file", "a.hprof", TestServer.dump(10_000)))
        .body()).get("id").asText();

    for (String path : List.of("/analyses/", "/analyses/" + id + "/", "/uploads/", "/heaplens.db",
        "/api/analyses/" + id + "/heap-dump.hprof", "/api/analyses/" + id + "/", "/api/analyses/" + id + "/../../x",
        "/api/analyses/..%2F..%2Fheaplens.db", "/api/analyses/" + id + "/..%2F..%2Fheaplens.db")) {
      HttpResponse<String> response = server.get(path);
      // Jetty itself refuses an encoded slash as ambiguous (400); everything else is not found.
      assertThat(response.statusCode()).as(path).isIn(400, 404);
      assertThat(HttpReplies.JSON.readTree(response.body()).get("error").asText()).as(path).isNotBlank();
      assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json; charset=utf-8");
    }
  }

  /** Bytes handed out 256 KB at a time with a short pause, as a slow network would. */
  private static InputStream slow(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] buffer, int offset, int length) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.read(buffer, offset, Math.min(length, 256 * 1024));
      }
    };
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

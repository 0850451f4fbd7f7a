package io.heaplens.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets in, over real HTTP: with a token, every page and API call needs it (Bearer for APIs, a
 * login form that sets an HttpOnly SameSite=Strict cookie for browsers); state-changing requests
 * need the page's CSRF token or come from no other site; without a token only loopback names are
 * answered; a generated token is printed once and only its hash is kept.
 */
@Timeout(60)
class AccessTest {
  private static final String TOKEN = "s3cret-token-for-tests";
  private static final Pattern CSRF = Pattern.compile("name=\"heaplens-csrf\" content=\"([0-9a-f]+)\"");

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
  void withATokenEveryPageAndApiCallNeedsIt() throws Exception {
    server = TestServer.start(temp.resolve("data"), 1 << 20, 0, TOKEN);

    for (String path : List.of("/api/analyses", "/api/analyses/0123456789abcdef0123", "/")) {
      HttpResponse<String> response = server.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
    }
    assertThat(server.get("/api/analyses").headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"heaplens\"");
    assertThat(server.get("/").body()).contains("<form id=\"login-form\" method=\"post\" action=\"/login\">");
    assertThat(server.get("/api/analyses", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))).statusCode()).isEqualTo(401);
    assertThat(server.filesInData()).isEmpty();

    HttpResponse<String> list = server.get("/api/analyses", "Authorization", "Bearer " + TOKEN);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).isEqualTo("{\"analyses\":[]}");
    HttpResponse<String> upload = server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))
        .header("Authorization", "Bearer " + TOKEN));
    assertThat(upload.statusCode()).isEqualTo(202);
  }

  @Test
  void aBrowserLogsInOnceAndThenNeedsThePagesCsrfTokenToChangeAnything() throws Exception {
    server = TestServer.start(temp.resolve("data"), 1 << 20, 0, TOKEN);

    HttpResponse<String> wrong = server.send(login("not-it"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> right = server.send(login(TOKEN));
    assertThat(right.statusCode()).isEqualTo(303);
    String setCookie = right.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith(AccessControl.SESSION_COOKIE + "=").contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResponse<String> page = server.get("/", "Cookie", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(HttpReplies.PAGE_POLICY);
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).isTrue();
    String id = HttpReplies.JSON.readTree(server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))
        .header("Authorization", "Bearer " + TOKEN)).body()).get("id").asText();

    HttpResponse<String> withoutCsrf = server.send(delete(id).header("Cookie", cookie));
    assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    assertThat(withoutCsrf.body()).contains("CSRF");
    HttpResponse<String> withCsrf = server.send(delete(id).header("Cookie", cookie)
        .header(AccessControl.CSRF_HEADER, csrf.group(1)));
    assertThat(withCsrf.statusCode()).isEqualTo(204);
    assertThat(server.get("/api/analyses/" + id, "Cookie", cookie).statusCode()).isEqualTo(404);
    assertThat(server.filesInData()).isEmpty();
  }

  @Test
  void withoutATokenOnlyLoopbackNamesAndSameSiteRequestsGetIn() throws Exception {
    server = TestServer.start(temp.resolve("data"), 1 << 20, 0, null);

    assertThat(server.get("/api/analyses").statusCode()).isEqualTo(200);
    // A page of attacker.example, whose name was re-pointed at 127.0.0.1 (the JDK client cannot send
    // another Host, so this one request goes over a plain socket).
    assertThat(statusLine("attacker.example:" + server.uri("/").getPort())).isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(statusLine("localhost:" + server.uri("/").getPort())).isEqualTo("HTTP/1.1 200 OK");
    HttpResponse<String> crossSite = server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))
        .header("Origin", "https://attacker.example").header("Sec-Fetch-Site", "cross-site"));
    assertThat(crossSite.statusCode()).isEqualTo(403);
    HttpResponse<String> sameSiteWithoutCsrf = server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))
        .header("Origin", "http://127.0.0.1:" + server.uri("/").getPort()).header("Sec-Fetch-Site", "same-origin"));
    assertThat(sameSiteWithoutCsrf.statusCode()).isEqualTo(403);
    assertThat(server.filesInData()).isEmpty();
    assertThat(server.send(server.upload("file", "a.hprof", TestServer.dump(10_000))).statusCode())
        .as("a client that is no browser (curl)").isEqualTo(202);
  }

  @Test
  void aGeneratedTokenIsKeptOnlyAsItsHashAndStillWorksAfterARestart() throws Exception {
    Path data = temp.resolve("data");
    server = TestServer.start(data, InetAddress.getByName("0.0.0.0"), 1 << 20, 0, null);
    String generated = server.server.generatedToken();
    assertThat(generated).hasSizeGreaterThanOrEqualTo(32);
    String stored = Files.readString(data.resolve("token.sha256")).strip();
    assertThat(stored).isEqualTo(HexFormat.of().formatHex(AccessControl.sha256(generated))).doesNotContain(generated);
    assertThat(server.get("/api/analyses").statusCode()).isEqualTo(401);
    server.close();

    server = TestServer.start(data, InetAddress.getByName("0.0.0.0"), 1 << 20, 0, null);

    assertThat(server.server.generatedToken()).as("printed only once").isNull();
    assertThat(server.get("/api/analyses").statusCode()).isEqualTo(401);
    assertThat(server.get("/api/analyses", "Authorization", "Bearer " + generated).statusCode()).isEqualTo(200);
  }

  /** The status line of a GET /api/analyses sent with this Host header. */
  private String statusLine(String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.uri("/").getPort())) {
      socket.getOutputStream().write(("GET /api/analyses HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }
  }

  private HttpRequest.Builder login(String token) {
    return HttpRequest.newBuilder(server.uri("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token,
            StandardCharsets.UTF_8)));
  }

  private HttpRequest.Builder delete(String id) {
    return HttpRequest.newBuilder(server.uri("/api/analyses/" + id)).DELETE();
  }
}

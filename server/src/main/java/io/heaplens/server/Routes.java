package io.heaplens.server;

import io.heaplens.batch.ResultStore;
import io.heaplens.html.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Every URL of the server. Access is checked first ({@link AccessControl}); then:
 *
 * <pre>
 *   GET    /                                   the upload page
 *   GET    /app.js, /app.css                   its script and style (public: they hold no data)
 *   GET    /favicon.ico                        204: there is none, and browsers ask on every page
 *   GET    /login, POST /login                 the login form (with a token only)
 *   POST   /api/analyses                       upload (multipart: file, optional recording): 202
 *   GET    /api/analyses?q=&lt;text&gt;              the history, newest first, searched by file name
 *   GET    /api/analyses/{id}                  one analysis, with its progress while it runs
 *   GET    /api/analyses/{id}/report.html      its HTML report, with the report's own CSP
 *   GET    /api/analyses/{id}/analysis.json    its JSON
 *   DELETE /api/analyses/{id}                  removes it: uploaded files, report and record
 * </pre>
 *
 * Nothing else answers but 404: no file is served by a name from the URL, so nothing lists a folder.
 */
final class Routes extends Handler.Abstract {
  static final String LOGIN = "/login";
  static final String ANALYSES = "/api/analyses";
  private static final Logger LOG = Logger.getLogger(Routes.class.getName());
  private static final int MAX_LOGIN_FORM = 4096;
  private static final int HISTORY_LIMIT = 500;

  private final AccessControl access;
  private final AnalysisHistory history;
  private final AnalysisQueue queue;
  private final DataFolder data;
  private final UploadReceiver uploads;
  private final Clock clock;

  Routes(AccessControl access, AnalysisHistory history, AnalysisQueue queue, DataFolder data, UploadReceiver uploads,
      Clock clock) {
    this.access = access;
    this.history = history;
    this.queue = queue;
    this.data = data;
    this.uploads = uploads;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    try {
      route(request, response, callback);
    } catch (EofException e) {
      // The client went away (a cancelled upload, a closed tab): nothing to answer, nothing wrong here.
      LOG.fine("request " + request.getMethod() + " " + request.getHttpURI().getPath() + ": the client left");
      callback.failed(e);
    } catch (SQLException | IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "request " + request.getMethod() + " " + request.getHttpURI().getPath() + " failed", e);
      if (!response.isCommitted()) {
        response.reset();
        HttpReplies.error(response, callback, 500, "the server failed to answer this request; its log says why");
      } else {
        callback.failed(e);
      }
    }
    return true;
  }

  private void route(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    AccessControl.Caller caller = access.identify(request);
    String refusal = access.refusal(request, caller);
    if (refusal != null) {
      HttpReplies.error(response, callback, 403, refusal);
      return;
    }
    if (path.equals("/app.js") || path.equals("/app.css")) {
      if (!isRead(method)) {
        notAllowed(response, callback, "GET");
        return;
      }
      boolean script = path.endsWith(".js");
      response.setStatus(200);
      HttpReplies.secure(response, HttpReplies.DATA_POLICY);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, script ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      Content.Sink.write(response, true, script ? Pages.SCRIPT : Pages.STYLE, callback);
      return;
    }
    if (path.equals("/favicon.ico")) {
      // Browsers ask for it on every page, reports included; there is none, and that is no error.
      response.setStatus(204);
      HttpReplies.secure(response, HttpReplies.DATA_POLICY);
      callback.succeeded();
      return;
    }
    if (path.equals(LOGIN)) {
      login(request, response, callback);
      return;
    }
    if (caller == AccessControl.Caller.UNKNOWN) {
      unauthorized(request, response, callback, "this server needs its access token");
      return;
    }
    if (path.equals("/")) {
      if (!isRead(method)) {
        notAllowed(response, callback, "GET");
        return;
      }
      HttpReplies.html(response, callback, 200, Pages.index(access.csrfToken(request), access.tokenRequired()),
          HttpReplies.PAGE_POLICY);
      return;
    }
    if (path.equals(ANALYSES)) {
      switch (method) {
        case "GET", "HEAD" -> list(request, response, callback);
        case "POST" -> upload(request, response, callback);
        default -> notAllowed(response, callback, "GET, POST");
      }
      return;
    }
    if (path.startsWith(ANALYSES + "/")) {
      String[] segments = path.substring(ANALYSES.length() + 1).split("/", -1);
      String id = segments[0];
      if (!DataFolder.isAnalysisId(id) || segments.length > 2) {
        HttpReplies.error(response, callback, 404, "there is no such analysis");
        return;
      }
      Optional<AnalysisEntry> entry = history.find(id);
      if (entry.isEmpty()) {
        HttpReplies.error(response, callback, 404, "there is no analysis " + id + "; it may have been deleted");
        return;
      }
      if (segments.length == 1) {
        switch (method) {
          case "GET", "HEAD" -> HttpReplies.json(response, callback, 200, AnalysisView.of(entry.get(), queue.progress(id)));
          case "DELETE" -> delete(id, response, callback);
          default -> notAllowed(response, callback, "GET, DELETE");
        }
        return;
      }
      if (!isRead(method)) {
        notAllowed(response, callback, "GET");
        return;
      }
      document(entry.get(), segments[1], response, callback);
      return;
    }
    HttpReplies.error(response, callback, 404, "there is nothing at this address");
  }

  private void list(Request request, Response response, Callback callback) throws SQLException, IOException {
    Fields query = Request.extractQueryParameters(request);
    String search = query.getValue("q");
    List<Map<String, Object>> analyses = history.list(search, HISTORY_LIMIT).stream()
        .map(entry -> AnalysisView.of(entry, queue.progress(entry.id()))).toList();
    HttpReplies.json(response, callback, 200, Map.of("analyses", analyses));
  }

  private void upload(Request request, Response response, Callback callback) throws Exception {
    UploadReceiver.Received received;
    try {
      received = uploads.receive(request);
    } catch (UploadRejected e) {
      // What is still on its way is not read: Jetty closes the connection after the answer.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      HttpReplies.error(response, callback, e.status(), e.getMessage());
      return;
    }
    String id = DataFolder.newAnalysisId();
    Path folder = data.analysis(id);
    Files.createDirectories(folder);
    for (int i = 0; i < received.files().size(); i++) {
      Files.move(received.temporaryFiles().get(i), folder.resolve(received.files().get(i).storedAs()),
          StandardCopyOption.ATOMIC_MOVE);
    }
    // The row is written last: a folder without one is an upload cut short, removed at the next start.
    history.addQueued(id, clock.instant(), received.files());
    queue.submit(id);
    Map<String, Object> accepted = new LinkedHashMap<>();
    accepted.put("id", id);
    accepted.put("status", AnalysisEntry.QUEUED);
    accepted.put("files", received.files().stream().map(file -> {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", file.name());
      view.put("kind", file.kind());
      view.put("bytes", file.bytes());
      view.put("sha256", file.sha256());
      return view;
    }).toList());
    response.getHeaders().put(HttpHeader.LOCATION, ANALYSES + "/" + id);
    HttpReplies.json(response, callback, 202, accepted);
  }

  private void delete(String id, Response response, Callback callback) throws Exception {
    queue.cancel(id);
    history.delete(id);
    DataFolder.deleteRecursively(data.analysis(id));
    response.setStatus(204);
    HttpReplies.secure(response, HttpReplies.DATA_POLICY);
    callback.succeeded();
  }

  private void document(AnalysisEntry entry, String name, Response response, Callback callback) throws IOException {
    boolean report = name.equals(ResultStore.REPORT);
    if (!report && !name.equals(ResultStore.JSON)) {
      HttpReplies.error(response, callback, 404, "an analysis has only report.html and analysis.json");
      return;
    }
    Path file = data.analysis(entry.id()).resolve(report ? ResultStore.REPORT : ResultStore.JSON);
    if (!entry.status().equals(AnalysisEntry.DONE) || !Files.isRegularFile(file)) {
      HttpReplies.error(response, callback, 404, "analysis " + entry.id() + " is " + entry.status()
          + "; its documents exist once it is done");
      return;
    }
    if (report) {
      HttpReplies.file(response, callback, file, "text/html; charset=utf-8",
          HtmlReport.CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'");
    } else {
      HttpReplies.file(response, callback, file, "application/json; charset=utf-8", HttpReplies.DATA_POLICY);
    }
  }

  private void login(Request request, Response response, Callback callback) throws IOException {
    if (!access.tokenRequired()) {
      Response.sendRedirect(request, response, callback, 303, "/", false);
      return;
    }
    if (isRead(request.getMethod())) {
      HttpReplies.html(response, callback, 200, Pages.login("Enter this server's access token."),
          HttpReplies.PAGE_POLICY);
      return;
    }
    if (!request.getMethod().equals("POST")) {
      notAllowed(response, callback, "GET, POST");
      return;
    }
    String token = null;
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] form = in.readNBytes(MAX_LOGIN_FORM + 1);
      if (form.length <= MAX_LOGIN_FORM) {
        for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
          if (pair.startsWith("token=")) {
            token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
          }
        }
      }
    } catch (IllegalArgumentException e) {
      token = null;
    }
    if (!access.matches(token == null ? null : token.strip())) {
      HttpReplies.html(response, callback, 401, Pages.login("That is not this server's access token."),
          HttpReplies.PAGE_POLICY);
      return;
    }
    boolean secure = request.isSecure();
    Response.addCookie(response, AccessControl.sessionCookie(access.startSession(), secure));
    HttpReplies.secure(response, HttpReplies.DATA_POLICY);
    Response.sendRedirect(request, response, callback, 303, "/", false);
  }

  private void unauthorized(Request request, Response response, Callback callback, String sentence) throws IOException {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    boolean browserPage = request.getHttpURI().getPath().equals("/")
        || (accept != null && accept.contains("text/html") && !request.getHttpURI().getPath().startsWith("/api/"));
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"heaplens\"");
    if (browserPage) {
      HttpReplies.html(response, callback, 401, Pages.login("Enter this server's access token."),
          HttpReplies.PAGE_POLICY);
    } else {
      HttpReplies.error(response, callback, 401, sentence + ": send Authorization: Bearer <token>");
    }
  }

  private static void notAllowed(Response response, Callback callback, String allowed) throws IOException {
    response.getHeaders().put(HttpHeader.ALLOW, allowed);
    HttpReplies.error(response, callback, 405, "this address answers only " + allowed);
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }
}

package io.heaplens.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who may do what. With a token, every request must prove it knows it: API clients send {@code
 * Authorization: Bearer <token>}, browsers log in once with a form and then send a session cookie
 * (HttpOnly, SameSite=Strict). Only the token's SHA-256 is kept, and tokens are compared in
 * constant time.
 *
 * <p>Requests that change state (POST, DELETE) must also not come from another site (CSRF): a
 * browser names the page that sent them in {@code Origin} and {@code Sec-Fetch-Site}, which must
 * be this server; a request authenticated by the session cookie must carry the session's CSRF
 * token in {@value #CSRF_HEADER}, which only this server's own page knows (a header no other site
 * can set without this server's consent, and it never consents: no CORS). Without a token the
 * server listens on loopback only, and then the {@code Host} must be a loopback name too, so that
 * a page on a site whose name was re-pointed at 127.0.0.1 (DNS rebinding) cannot talk to it.
 */
final class AccessControl {
  static final String SESSION_COOKIE = "heaplens_session";
  static final String CSRF_HEADER = "X-Heaplens-Csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] tokenHash;
  private final boolean loopbackOnly;
  /** The CSRF token of the page when no login is needed; sessions have their own. */
  private final String openCsrfToken = randomHex(32);
  /** Session id to its CSRF token. In memory: a restart asks browsers to log in again. */
  private final Map<String, String> sessions = new ConcurrentHashMap<>();

  /**
   * @param tokenHash the SHA-256 of the token, or null when no token is required
   * @param loopbackOnly whether the server listens on loopback only
   */
  AccessControl(byte[] tokenHash, boolean loopbackOnly) {
    this.tokenHash = tokenHash == null ? null : tokenHash.clone();
    this.loopbackOnly = loopbackOnly;
  }

  /** Who sent a request, as far as access goes. */
  enum Caller { ANONYMOUS_ALLOWED, BEARER, SESSION, UNKNOWN }

  boolean tokenRequired() {
    return tokenHash != null;
  }

  /** Who the request comes from: {@link Caller#UNKNOWN} when a token is required and it proved none. */
  Caller identify(Request request) {
    if (tokenHash == null) {
      return Caller.ANONYMOUS_ALLOWED;
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return matches(authorization.substring(7).strip()) ? Caller.BEARER : Caller.UNKNOWN;
    }
    return session(request) != null ? Caller.SESSION : Caller.UNKNOWN;
  }

  /** Whether the token is the right one. */
  boolean matches(String token) {
    return tokenHash != null && token != null && MessageDigest.isEqual(tokenHash, sha256(token));
  }

  /** Starts a session for a browser that gave the right token; returns its id. */
  String startSession() {
    String session = randomHex(32);
    sessions.put(session, randomHex(32));
    return session;
  }

  /** The CSRF token the page sent to this request's caller must carry. */
  String csrfToken(Request request) {
    if (tokenHash == null) {
      return openCsrfToken;
    }
    String session = session(request);
    return session == null ? null : sessions.get(session);
  }

  /**
   * Why a request must be refused before anything else, or null when it may go on: a Host that
   * is not loopback on a server without a token, or a state-changing request from another site.
   */
  String refusal(Request request, Caller caller) {
    if (loopbackOnly && tokenHash == null && !isLoopbackHost(request.getHeaders().get(HttpHeader.HOST))) {
      return "this server answers only to localhost, 127.0.0.1 or [::1] without a token";
    }
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("HEAD")) {
      return null;
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (origin != null && !origin.equals("null") && !sameHost(origin, host)) {
      return "requests from another site may not change anything here";
    }
    String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return "requests from another site may not change anything here";
    }
    if (caller == Caller.SESSION || (caller == Caller.ANONYMOUS_ALLOWED && (origin != null || fetchSite != null))) {
      String expected = csrfToken(request);
      String given = request.getHeaders().get(CSRF_HEADER);
      boolean loginForm = request.getHttpURI().getPath().equals(Routes.LOGIN);
      if (!loginForm && (expected == null || given == null
          || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8)))) {
        return "the request lacks this page's CSRF token; reload the page and try again";
      }
    }
    return null;
  }

  /** The cookie that carries a new session. */
  static HttpCookie sessionCookie(String session, boolean secure) {
    return HttpCookie.build(SESSION_COOKIE, session).path("/").httpOnly(true).secure(secure)
        .sameSite(HttpCookie.SameSite.STRICT).build();
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private String session(Request request) {
    for (HttpCookie cookie : Request.getCookies(request)) {
      if (cookie.getName().equals(SESSION_COOKIE) && sessions.containsKey(cookie.getValue())) {
        return cookie.getValue();
      }
    }
    return null;
  }

  private static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    String lower = origin.toLowerCase(Locale.ROOT);
    return lower.equals("http://" + host.toLowerCase(Locale.ROOT)) || lower.equals("https://" + host.toLowerCase(Locale.ROOT));
  }

  static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      return name.startsWith("[::1]");
    }
    int colon = name.indexOf(':');
    name = colon < 0 ? name : name.substring(0, colon);
    return name.equals("localhost") || name.equals("127.0.0.1");
  }
}

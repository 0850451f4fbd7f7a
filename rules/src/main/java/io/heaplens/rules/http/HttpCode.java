package io.heaplens.rules.http;

import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ThreadFrame;
import java.util.List;

/**
 * Which JDK and library classes serve or send HTTP: servlet containers and HTTP servers (the
 * request-handling side) and HTTP clients. Library knowledge only: a package matches as a prefix
 * of the class name or, for distinctive package roots, after a relocation prefix ({@code
 * com.acme.shaded.okhttp3.Response}).
 */
final class HttpCode {
  /** The side of an HTTP exchange a class belongs to. */
  enum Side {
    SERVER,
    CLIENT
  }

  private static final List<String> SERVER_PACKAGES = List.of(
      "jakarta.servlet.", "javax.servlet.", "org.eclipse.jetty.server.", "org.eclipse.jetty.ee8.",
      "org.eclipse.jetty.ee9.", "org.eclipse.jetty.ee10.", "org.eclipse.jetty.ee11.", "org.eclipse.jetty.servlet.",
      "org.apache.catalina.", "org.apache.coyote.", "io.undertow.", "com.sun.net.httpserver.", "sun.net.httpserver.",
      "org.springframework.web.servlet.", "org.springframework.web.filter.", "org.springframework.web.server.",
      "org.springframework.http.server.", "reactor.netty.http.server.", "io.netty.handler.codec.http.",
      "io.vertx.core.http.", "org.glassfish.jersey.server.", "io.micronaut.http.server.", "io.ktor.server.");

  private static final List<String> CLIENT_PACKAGES = List.of(
      "okhttp3.", "retrofit2.", "org.apache.hc.client5.", "org.apache.hc.core5.http.", "org.apache.http.",
      "java.net.http.", "jdk.internal.net.http.", "sun.net.www.protocol.http.", "sun.net.www.protocol.https.",
      "java.net.HttpURLConnection", "javax.net.ssl.HttpsURLConnection", "org.eclipse.jetty.client.",
      "reactor.netty.http.client.", "org.springframework.web.client.", "org.springframework.web.reactive.function.client.",
      "org.springframework.http.client.", "feign.", "com.google.api.client.http.", "org.asynchttpclient.",
      "io.micronaut.http.client.", "io.ktor.client.", "org.glassfish.jersey.client.");

  /** Package roots distinctive enough to be recognized after a relocation prefix. */
  private static final List<String> RELOCATABLE = List.of(
      "okhttp3.", "retrofit2.", "org.apache.hc.", "org.apache.http.", "org.eclipse.jetty.", "io.netty.handler.codec.http.",
      "reactor.netty.http.", "jakarta.servlet.", "javax.servlet.");

  private HttpCode() {}

  /** The side a class (or one of its superclasses) belongs to, or null if it is no HTTP code. */
  static Side sideOf(HeapClass heapClass) {
    for (HeapClass c = heapClass; c != null; c = c.superclass()) {
      Side side = sideOf(c.name());
      if (side != null) {
        return side;
      }
    }
    return null;
  }

  /** The side a class name belongs to, or null. */
  static Side sideOf(String className) {
    if (className == null) {
      return null;
    }
    if (matches(className, SERVER_PACKAGES)) {
      return Side.SERVER;
    }
    if (matches(className, CLIENT_PACKAGES)) {
      return Side.CLIENT;
    }
    return null;
  }

  /** The side of the outermost HTTP frame of the thread's stack (what the thread is doing), or null. */
  static Side sideOf(HeapThread thread) {
    Side found = null;
    for (ThreadFrame frame : thread.frames()) {
      Side side = sideOf(frame.className());
      if (side != null) {
        found = side;
      }
    }
    return found;
  }

  private static boolean matches(String className, List<String> packages) {
    for (String prefix : packages) {
      if (className.startsWith(prefix)) {
        return true;
      }
      if (RELOCATABLE.stream().anyMatch(prefix::startsWith) && className.indexOf("." + prefix) > 0) {
        return true;
      }
    }
    return false;
  }
}

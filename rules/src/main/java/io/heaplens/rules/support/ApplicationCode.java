package io.heaplens.rules.support;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.hprof.HeapThread;
import io.heaplens.hprof.ThreadFrame;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells application code from the JDK and well-known libraries, and finds the application code
 * responsible for a set of objects (see {@link #culpritOf}).
 *
 * <p>A class is library code when its package starts with one of {@link #LIBRARY_PREFIXES}, or
 * when one of the {@link #RELOCATABLE_ROOTS} appears as whole package segments after some prefix
 * ({@code com.acme.shaded.okhttp3.OkHttpClient}: a shaded copy is still the library). Everything
 * else is application code, including arrays of application classes; primitive arrays are not.
 * A lambda or anonymous class counts as the class that declares it ({@link #declaringClass}).
 */
public final class ApplicationCode {
  /** Package prefixes of the JDK and of libraries that are never the culprit themselves. */
  public static final List<String> LIBRARY_PREFIXES = List.of(
      "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.",
      "org.eclipse.jetty.", "io.netty.", "okhttp3.", "okio.", "retrofit2.", "org.apache.",
      "com.fasterxml.", "com.github.benmanes.caffeine.", "com.google.common.", "com.google.gson.",
      "com.google.protobuf.", "com.google.inject.", "io.grpc.", "reactor.", "io.reactivex.", "io.micrometer.",
      "io.opentelemetry.", "io.prometheus.", "org.slf4j.", "ch.qos.logback.", "org.springframework.",
      "org.hibernate.", "com.zaxxer.hikari.", "org.jboss.", "io.undertow.", "org.glassfish.",
      "io.vertx.", "io.quarkus.", "io.micronaut.", "org.postgresql.", "com.mysql.", "org.h2.",
      "com.mongodb.", "redis.clients.", "io.lettuce.", "org.redisson.", "software.amazon.awssdk.",
      "com.amazonaws.", "org.quartz.", "net.bytebuddy.", "org.objectweb.asm.", "org.aspectj.",
      "org.yaml.", "org.json.", "org.bouncycastle.", "org.xml.", "org.w3c.", "org.ietf.",
      "org.junit.", "org.opentest4j.", "org.assertj.", "org.mockito.");

  /**
   * Library package roots recognized anywhere in a name, after a relocation prefix. Only roots
   * distinctive enough that an application package would not be called that.
   */
  public static final List<String> RELOCATABLE_ROOTS = List.of(
      "okhttp3.", "okio.", "kotlin.", "kotlinx.", "retrofit2.", "io.netty.", "org.apache.hc.",
      "org.apache.http.", "org.apache.commons.", "org.eclipse.jetty.", "com.fasterxml.jackson.",
      "com.github.benmanes.caffeine.", "com.google.common.", "com.google.gson.", "com.google.protobuf.",
      "io.grpc.", "reactor.core.", "reactor.netty.", "reactor.util.", "io.reactivex.", "io.micrometer.",
      "io.opentelemetry.", "org.slf4j.", "ch.qos.logback.", "org.springframework.", "com.zaxxer.hikari.",
      "net.bytebuddy.", "org.objectweb.asm.", "org.bouncycastle.", "org.yaml.snakeyaml.");

  private ApplicationCode() {}

  /** Answers of {@link #isLibrary} by class name: rules ask about the same few thousand names again and again. */
  private static final Map<String, Boolean> LIBRARY_BY_NAME = new ConcurrentHashMap<>();
  private static final int MAX_REMEMBERED = 100_000;

  /** Whether a class (Java name, arrays and hidden classes included) belongs to the JDK or a known library. */
  public static boolean isLibrary(String className) {
    Boolean known = LIBRARY_BY_NAME.get(className);
    if (known != null) {
      return known;
    }
    boolean library = classify(className);
    if (LIBRARY_BY_NAME.size() >= MAX_REMEMBERED) {
      LIBRARY_BY_NAME.clear();
    }
    LIBRARY_BY_NAME.put(className, library);
    return library;
  }

  private static boolean classify(String className) {
    String name = elementName(className);
    if (name.indexOf('.') < 0) {
      return true; // primitive arrays, primitive types, and the rare class in the default package
    }
    for (String prefix : LIBRARY_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    for (String root : RELOCATABLE_ROOTS) {
      int at = name.indexOf(root);
      if (at > 0 && name.charAt(at - 1) == '.') {
        return true;
      }
    }
    return false;
  }

  /** Whether a class is application code: not {@link #isLibrary}. */
  public static boolean isApplication(String className) {
    return !isLibrary(className);
  }

  /** Whether a stack frame runs application code. */
  public static boolean isApplicationFrame(ThreadFrame frame) {
    return frame.className() != null && isApplication(frame.className());
  }

  /** The innermost frame of the thread's stack that runs application code. */
  public static Optional<ThreadFrame> firstApplicationFrame(HeapThread thread) {
    for (ThreadFrame frame : thread.frames()) {
      if (isApplicationFrame(frame)) {
        return Optional.of(frame);
      }
    }
    return Optional.empty();
  }

  /**
   * The class whose source declares this one, for blaming: {@code Foo$$Lambda$12/0x...} and {@code
   * Foo$$Lambda+0x...} become {@code Foo}, anonymous {@code Foo$1} becomes {@code Foo}, arrays
   * their element class; named nested classes ({@code Foo$Entry}) stay as they are.
   */
  public static String declaringClass(String className) {
    String name = elementName(className);
    int lambda = name.indexOf("$$Lambda");
    if (lambda > 0) {
      name = name.substring(0, lambda);
    }
    int slash = name.indexOf('/');
    if (slash > 0) {
      name = name.substring(0, slash);
    }
    while (true) {
      int dollar = name.lastIndexOf('$');
      if (dollar <= 0 || dollar == name.length() - 1 || !isDigits(name, dollar + 1)) {
        return name;
      }
      name = name.substring(0, dollar);
    }
  }

  /**
   * The application code responsible for {@code objects}. For each of a sample of them (at most
   * {@value Owners#SAMPLE}, spread over the array): the nearest application object holding it
   * (inbound references; the class of a lambda or anonymous holder is its declaring class), else,
   * when a thread holds it, the application frame of that thread's stack at or outside the holding
   * frame (for a thread object: its innermost application frame, as {@code Culprit} with method and
   * line). The most frequent answer wins if at least a quarter of the sample gives it; otherwise,
   * or when no application code holds or runs them (dropped objects kept alive by library threads),
   * empty: no culprit rather than a wrong one. Cost: a bounded backward search per sampled object.
   *
   * <p>For objects dropped by the application and kept alive by library threads only, {@link
   * InFlightCalls#creatorOf} looks at the live objects of the same kind that in-flight calls still
   * hold instead.
   */
  public static Optional<Culprit> culpritOf(HeapGraph graph, int[] objects) {
    return new Owners(graph).culpritOf(objects);
  }

  /**
   * The nearest application object holding {@code object} (through inbound references, not through
   * threads, thread groups, class loaders, weak links or objects referenced from everywhere: see
   * {@link Neighborhood}), or -1. The object itself counts when it is application code.
   */
  public static int owner(HeapGraph graph, int object) {
    return new Owners(graph).ownerOf(object);
  }

  /**
   * The nearest application object holding {@code object} that is not of the object's own
   * declaring class (its own inner classes and lambdas are walked through), or -1: who holds an
   * application object, rather than what it holds itself.
   */
  public static int externalOwner(HeapGraph graph, int object) {
    return new Owners(graph).externalOwnerOf(object);
  }

  /**
   * The application class holding a set of application objects, other than the objects' own
   * declaring class (see {@link #externalOwner}): who keeps the caches, rather than the caches.
   * Empty when nothing outside them holds them, or no answer covers a quarter of the sample.
   */
  public static Optional<Culprit> holderOf(HeapGraph graph, int[] objects) {
    return new Owners(graph).externalHolderOf(objects);
  }

  /**
   * The class an object stands for as a holder: for a class object, the class whose static fields it
   * holds; else its own class.
   */
  public static String ownerClassName(HeapGraph graph, int object) {
    if (graph.kind(object) == ObjectKind.CLASS) {
      HeapClass represented = graph.classRepresentedBy(object);
      if (represented != null) {
        return represented.name();
      }
    }
    return graph.classOf(object).name();
  }

  static String elementName(String className) {
    String name = className;
    while (name.endsWith("[]")) {
      name = name.substring(0, name.length() - 2);
    }
    return name;
  }

  private static boolean isDigits(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return from < text.length();
  }
}

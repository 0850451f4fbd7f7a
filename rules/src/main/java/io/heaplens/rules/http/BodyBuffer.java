package io.heaplens.rules.http;

import io.heaplens.analysis.rules.Culprit;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.hprof.ThreadFrame;
import io.heaplens.rules.http.HttpCode.Side;
import io.heaplens.rules.support.ApplicationCode;
import io.heaplens.rules.support.HoldingFrames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One large buffer as {@link BufferedBodyRule} sees it: who is responsible for it, what wraps it,
 * and which HTTP code is near it.
 *
 * @param object the buffer (a primitive array or a segmented buffer)
 * @param bytes its size: shallow for arrays, retained for segmented buffers
 * @param kind what it is, with its wrapper ({@code byte[] in java.io.ByteArrayOutputStream})
 * @param holding the stack holding it, or null when it is held through the heap only
 * @param culprit the application code responsible
 * @param ownerDescription how it is held, for the evidence ({@code frame X.m}, {@code field of X})
 * @param http what shows HTTP code is involved ({@code stack runs org.eclipse.jetty...}), or null
 * @param side which side of an HTTP exchange that code is on
 * @param isText whether the body is text built in memory (String, StringBuilder, char[])
 */
record BodyBuffer(int object, long bytes, String kind, HoldingFrames.Holding holding, Culprit culprit,
    String ownerDescription, String http, Side side, boolean isText) {

  private static final List<String> TEXT_WRAPPERS = List.of(
      "java.lang.String", "java.lang.StringBuilder", "java.lang.StringBuffer", "java.io.StringWriter",
      "java.io.CharArrayWriter");

  /** The key buffers are grouped by: the culprit's class and method. */
  String ownerKey() {
    return culprit.className() + "#" + culprit.method();
  }

  /** Examines one buffer; null when no application code holds it. */
  static BodyBuffer examine(HeapGraph graph, HoldingFrames frames, int buffer) {
    int[] path = graph.pathFromGcRoot(buffer);
    if (path.length == 0) {
      return null;
    }
    long bytes = graph.kind(buffer) == ObjectKind.PRIMITIVE_ARRAY ? graph.shallowSize(buffer) : graph.retainedSize(buffer);
    int wrapper = path.length >= 2 && !frames.isThread(path[path.length - 2]) ? path[path.length - 2] : -1;
    String kind = graph.classOf(buffer).name();
    boolean text = graph.classOf(buffer).name().equals("char[]");
    if (wrapper >= 0 && ApplicationCode.isLibrary(graph.classOf(wrapper).name())
        && graph.kind(wrapper) == ObjectKind.INSTANCE) {
      String wrapperName = graph.classOf(wrapper).name();
      kind = kind + " in " + wrapperName;
      text |= TEXT_WRAPPERS.contains(wrapperName);
    }

    HoldingFrames.Holding holding = frames.of(buffer, path);
    Culprit culprit = holding != null ? holding.culprit() : null;
    String ownerDescription;
    int owner = -1;
    if (culprit != null) {
      ownerDescription = "frame " + culprit.className() + "." + culprit.method();
    } else {
      holding = null;
      int carrier = ApplicationCode.owner(graph, buffer);
      if (carrier < 0 || carrier == buffer) {
        return null;
      }
      owner = containerOwner(graph, carrier, path);
      String ownerClass = ApplicationCode.ownerClassName(graph, owner);
      culprit = Culprit.ofClass(ApplicationCode.declaringClass(ownerClass));
      ownerDescription = (graph.kind(owner) == ObjectKind.CLASS ? "static field of " : "field of ") + ownerClass
          + (owner != carrier ? " (in its " + graph.classOf(carrier).name() + " entries)" : "");
    }
    Side[] side = new Side[1];
    String http = httpEvidence(graph, path, holding, owner, side);
    return new BodyBuffer(buffer, bytes, kind, holding, culprit, ownerDescription, http, side[0], text);
  }

  /**
   * For an application object that only library objects hold (an entry in a queue, a list, a map),
   * the application object holding that collection, which is what decides to keep the entries; else
   * the object itself.
   */
  static int containerOwner(HeapGraph graph, int carrier, int[] path) {
    if (graph.kind(carrier) != ObjectKind.INSTANCE) {
      return carrier;
    }
    String carrierDeclaring = ApplicationCode.declaringClass(graph.classOf(carrier).name());
    for (int referrer : graph.inboundReferences(carrier)) {
      if (graph.kind(referrer) == ObjectKind.CLASS || ApplicationCode.isApplication(ApplicationCode.ownerClassName(graph, referrer))) {
        return carrier; // held by application code directly
      }
    }
    // The path from the GC root usually runs through the collection: its nearest application holder.
    for (int i = path.length - 1; i > 0; i--) {
      if (path[i] == carrier) {
        for (int j = i - 1; j >= 0; j--) {
          String name = ApplicationCode.ownerClassName(graph, path[j]);
          if (ApplicationCode.isApplication(name) && !ApplicationCode.declaringClass(name).equals(carrierDeclaring)) {
            return path[j];
          }
        }
        break;
      }
    }
    int tried = 0;
    for (int referrer : graph.inboundReferences(carrier)) {
      if (tried++ == 3) {
        break;
      }
      int container = ApplicationCode.owner(graph, referrer);
      if (container >= 0 && container != carrier
          && !ApplicationCode.declaringClass(ApplicationCode.ownerClassName(graph, container)).equals(carrierDeclaring)) {
        return container;
      }
    }
    return carrier;
  }

  /**
   * What shows HTTP code handles the buffer, first match wins: the holding thread's stack, the
   * objects on its path and its near holders, the locals of the frames holding it, what the
   * application objects among those reference, and who references the owner.
   */
  private static String httpEvidence(HeapGraph graph, int[] path, HoldingFrames.Holding holding, int owner,
      Side[] side) {
    if (holding != null) {
      Side stack = HttpCode.sideOf(holding.thread());
      if (stack != null) {
        side[0] = stack;
        return "the holding thread runs HTTP " + (stack == Side.SERVER ? "server" : "client") + " code";
      }
    }
    Set<Integer> near = new HashSet<>();
    for (int step : path) {
      near.add(step);
    }
    if (holding != null) {
      near.addAll(holding.nearHolders());
      for (ThreadFrame frame : holding.holdingFrames()) {
        for (int local : frame.localObjects()) {
          near.add(local);
        }
      }
    }
    if (owner >= 0) {
      near.add(owner);
      for (int referrer : graph.inboundReferences(owner)) {
        near.add(referrer);
      }
    }
    Set<Integer> applicationObjects = new HashSet<>();
    for (int object : near) {
      String found = httpClassOf(graph, object, side);
      if (found != null) {
        return "held next to " + found;
      }
      if (graph.kind(object) == ObjectKind.INSTANCE && ApplicationCode.isApplication(graph.classOf(object).name())) {
        applicationObjects.add(object);
      }
    }
    for (int object : applicationObjects) {
      for (int referenced : graph.outboundReferences(object)) {
        String found = httpClassOf(graph, referenced, side);
        if (found != null) {
          return ApplicationCode.ownerClassName(graph, object) + " uses " + found;
        }
      }
    }
    // A handler, filter or callback registered with HTTP code (one hop from the application objects).
    Set<Integer> registered = new HashSet<>(applicationObjects);
    for (int object : applicationObjects) {
      for (int referenced : graph.outboundReferences(object)) {
        if (graph.kind(referenced) == ObjectKind.INSTANCE && ApplicationCode.isApplication(graph.classOf(referenced).name())) {
          registered.add(referenced);
        }
      }
    }
    for (int object : registered) {
      for (int referrer : graph.inboundReferences(object)) {
        String found = httpClassOf(graph, referrer, side);
        if (found != null) {
          return ApplicationCode.ownerClassName(graph, object) + " is registered with " + found;
        }
      }
    }
    return null;
  }

  private static String httpClassOf(HeapGraph graph, int object, Side[] side) {
    if (graph.kind(object) != ObjectKind.INSTANCE) {
      return null;
    }
    HeapClass heapClass = graph.classOf(object);
    Side found = HttpCode.sideOf(heapClass);
    if (found == null) {
      return null;
    }
    side[0] = found;
    return heapClass.name();
  }
}

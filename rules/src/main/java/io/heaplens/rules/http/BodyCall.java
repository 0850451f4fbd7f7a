package io.heaplens.rules.http;

import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ObjectKind;
import io.heaplens.hprof.ThreadFrame;
import io.heaplens.rules.support.HoldingFrames;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP client call that read a body whole into memory, as far as the dump tells it, with the
 * fix that call needs.
 *
 * <p>Evidence, first match wins: the buffer's own holders (a JDK {@code HttpResponseImpl} or {@code
 * ByteArraySubscriber} whose body it is, an Apache {@code BufferedHttpEntity}, {@code
 * ByteArrayEntity} or {@code StringEntity} holding it, an OkHttp {@code ResponseBody}), looking
 * through a {@code String} that wraps it; then the locals of the stack frames holding it (an OkHttp
 * {@code Response}, an Apache response or response entity, a JDK {@code HttpResponseImpl} next to a
 * plain array). Only library classes are recognised, by their package and name.
 *
 * @param call the call, as a reader would write it ({@code OkHttp ResponseBody.bytes()})
 * @param fix the call or calls that stream instead
 * @param how what in the dump shows it
 */
record BodyCall(String call, String fix, String how) {

  private static final String OKHTTP_FIX = "ResponseBody.byteStream() or source(), copied to its destination"
      + " as it arrives";
  private static final String APACHE_FIX = "the entity streamed: HttpEntity.getContent() read in chunks, or"
      + " entity.writeTo(out) straight into its destination";
  private static final String JDK_FIX = "BodyHandlers.ofInputStream(), or ofFile(path) to land the body on disk";
  private static final String REQUEST_FIX = "an entity whose writeTo(out) serializes into the connection's stream"
      + " (e.g. Jackson writeValue(OutputStream, ...)) instead of a body built whole";

  /** The call for one buffer, or null when the dump does not tell it. */
  static BodyCall of(HeapGraph graph, int buffer, HoldingFrames.Holding holding, boolean text) {
    List<Integer> subjects = new ArrayList<>();
    subjects.add(buffer);
    for (int holder : graph.inboundReferences(buffer)) {
      if (graph.kind(holder) == ObjectKind.INSTANCE && isTextWrapper(graph.classOf(holder).name())) {
        subjects.add(holder);
      }
    }
    for (int subject : subjects) {
      for (int holder : graph.inboundReferences(subject)) {
        if (graph.kind(holder) != ObjectKind.INSTANCE) {
          continue;
        }
        BodyCall found = ofHolder(graph.classOf(holder).name(), text);
        if (found != null) {
          return found;
        }
      }
    }
    if (holding == null || graph.kind(buffer) != ObjectKind.PRIMITIVE_ARRAY) {
      return null;
    }
    for (ThreadFrame frame : holding.holdingFrames()) {
      for (int local : frame.localObjects()) {
        if (graph.kind(local) != ObjectKind.INSTANCE) {
          continue;
        }
        BodyCall found = ofFrameLocal(graph.classOf(local).name(), text, frame);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** The call whose result is held by an object of this class. */
  private static BodyCall ofHolder(String holderClass, boolean text) {
    if (holderClass.startsWith("jdk.internal.net.http.")
        && (holderClass.endsWith(".HttpResponseImpl") || holderClass.contains("$ByteArraySubscriber"))) {
      return jdk(text, "the buffer is the body held by " + holderClass);
    }
    if (isApache(holderClass)) {
      String simple = simpleName(holderClass);
      if (simple.equals("BufferedHttpEntity")) {
        return new BodyCall("Apache new BufferedHttpEntity(entity)", APACHE_FIX,
            "the buffer is held by " + holderClass);
      }
      if (simple.equals("ByteArrayEntity") || simple.equals("StringEntity")) {
        return new BodyCall("Apache new " + simple + "(...) with the whole request body", REQUEST_FIX,
            "the buffer is held by " + holderClass);
      }
    }
    if (holderClass.startsWith("okhttp3.") && simpleName(holderClass).endsWith("ResponseBody")) {
      return okhttp(text, "the buffer is held by " + holderClass);
    }
    return null;
  }

  /** The call that returned a plain array or string next to a response held by the same frame. */
  private static BodyCall ofFrameLocal(String localClass, boolean text, ThreadFrame frame) {
    String how = "the frame holding the buffer (" + frame.className() + "." + HoldingFrames.methodName(frame)
        + ") also holds an instance of " + localClass;
    String simple = simpleName(localClass);
    if (localClass.startsWith("okhttp3.") && (simple.equals("Response") || simple.endsWith("ResponseBody"))) {
      return okhttp(text, how);
    }
    if (isApache(localClass) && (simple.endsWith("Response") || simple.equals("ResponseEntityProxy")
        || simple.equals("IncomingHttpEntity") || simple.equals("IncomingEntity"))) {
      return new BodyCall(text ? "Apache EntityUtils.toString(entity)" : "Apache EntityUtils.toByteArray(entity)",
          APACHE_FIX, how);
    }
    if (localClass.startsWith("jdk.internal.net.http.") && localClass.endsWith(".HttpResponseImpl")) {
      return jdk(text, how);
    }
    return null;
  }

  private static BodyCall okhttp(boolean text, String how) {
    return new BodyCall(text ? "OkHttp ResponseBody.string()" : "OkHttp ResponseBody.bytes()", OKHTTP_FIX, how);
  }

  private static BodyCall jdk(boolean text, String how) {
    return new BodyCall(text ? "JDK HttpResponse.BodyHandlers.ofString()" : "JDK HttpResponse.BodyHandlers.ofByteArray()",
        JDK_FIX, how);
  }

  private static boolean isApache(String className) {
    return className.startsWith("org.apache.hc.") || className.startsWith("org.apache.http.");
  }

  private static boolean isTextWrapper(String className) {
    return className.equals("java.lang.String");
  }

  private static String simpleName(String className) {
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple.substring(simple.lastIndexOf('$') + 1);
  }
}

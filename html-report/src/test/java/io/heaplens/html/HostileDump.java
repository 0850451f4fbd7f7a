package io.heaplens.html;

import io.heaplens.analysis.AnalysisReport;
import io.heaplens.analysis.Analyzer;
import io.heaplens.analysis.Inputs;
import io.heaplens.analysis.HeapSummarizer;
import io.heaplens.analysis.rules.Culprit;
import io.heaplens.analysis.rules.Evidence;
import io.heaplens.analysis.rules.ExampleObject;
import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleConfig;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.RuleEngine;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.fixtures.BasicType;
import io.heaplens.fixtures.ClassSpec;
import io.heaplens.fixtures.FieldValue;
import io.heaplens.fixtures.HeapDumpWriter;
import io.heaplens.fixtures.HprofWriter;
import io.heaplens.hprof.HeapClass;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.HprofFormatException;
import io.heaplens.hprof.ReadOptions;
import io.heaplens.jfr.RecordingFormatException;
import io.heaplens.jfr.RecordingOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small heap dump, written with the fixtures' HPROF writer, whose class names, thread name, stack
 * frame and string contents are attacks on an HTML page; analyzed by the real {@link Analyzer} with
 * one rule that quotes the hostile string in its finding, as rules quote what they find.
 *
 * <p>The heap: a holder of hostile class {@link #HOLDER_CLASS} (a JNI global) references a {@code
 * byte[]} payload and a {@code String} holding {@link #STRING_CONTENT}; a thread named {@link
 * #THREAD_NAME} whose top frame, in method {@link #METHOD}, holds a buffer of class {@link
 * #BUFFER_CLASS}.
 */
final class HostileDump {
  /** HPROF writes class names with '/' between packages, so a class name cannot hold "</script>". */
  static final String HOLDER_CLASS = "com.example.Holder$<script>alert(1)";
  static final String BUFFER_CLASS = "com.example.\"><img src=x onerror=alert(1)>Buffer";
  static final String THREAD_NAME = "worker </script><script>window.__pwned=true</script>";
  static final String METHOD = "handle\"><svg onload=\"window.__pwned=true\">";
  static final String STRING_CONTENT = "</script><img src=x onerror=\"window.__pwned=true\">";
  static final int PAYLOAD_BYTES = 50_000;

  private HostileDump() {}

  /** Writes the dump to {@code file} and analyzes it. */
  static AnalysisReport analyze(Path file) throws IOException, HprofFormatException, RecordingFormatException {
    write(file);
    Analyzer analyzer = new Analyzer(new RuleEngine(List.of(new QuotingRule())), RuleConfig.none(), "0.0-test");
    return analyzer.analyze(new Inputs(file, null), ReadOptions.defaults(), RecordingOptions.defaults());
  }

  static void write(Path file) throws IOException {
    try (HprofWriter writer = HprofWriter.open(Files.newOutputStream(file), HprofWriter.Version.V1_0_2, 8,
        1_712_345_678_901L)) {
      long objectClass = writer.loadClass("java/lang/Object");
      long classClass = writer.loadClass("java/lang/Class");
      long stringClass = writer.loadClass("java/lang/String");
      long threadClass = writer.loadClass("java/lang/Thread");
      long byteArrayClass = writer.loadClass("[B");
      long holderClass = writer.loadClass(HOLDER_CLASS.replace('.', '/'));
      long bufferClass = writer.loadClass(BUFFER_CLASS.replace('.', '/'));
      long value = writer.utf8("value");
      long coder = writer.utf8("coder");
      long name = writer.utf8("name");
      long threadStatus = writer.utf8("threadStatus");
      long payloadField = writer.utf8("payload");
      long textField = writer.utf8("text");
      long dataField = writer.utf8("data");
      long top = writer.stackFrame(METHOD, "()V", "Holder.java", writer.classSerial(holderClass), 42);
      long bottom = writer.stackFrame("run", "()V", "Thread.java", writer.classSerial(threadClass), 833);
      int trace = writer.stackTrace(1, top, bottom);

      HeapDumpWriter heap = writer.beginHeapDumpSegments();
      heap.classDump(ClassSpec.builder(objectClass).build());
      heap.classDump(ClassSpec.builder(classClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(stringClass).superClass(objectClass)
          .instanceField(value, BasicType.OBJECT).instanceField(coder, BasicType.BYTE).build());
      heap.classDump(ClassSpec.builder(threadClass).superClass(objectClass)
          .instanceField(name, BasicType.OBJECT).instanceField(threadStatus, BasicType.INT).build());
      heap.classDump(ClassSpec.builder(byteArrayClass).superClass(objectClass).build());
      heap.classDump(ClassSpec.builder(holderClass).superClass(objectClass)
          .instanceField(payloadField, BasicType.OBJECT).instanceField(textField, BasicType.OBJECT).build());
      heap.classDump(ClassSpec.builder(bufferClass).superClass(objectClass)
          .instanceField(dataField, BasicType.OBJECT).build());

      long holder = heap.newId();
      long payload = heap.newId();
      long text = heap.newId();
      long textBytes = heap.newId();
      long thread = heap.newId();
      long threadName = heap.newId();
      long threadNameBytes = heap.newId();
      long buffer = heap.newId();
      long bufferBytes = heap.newId();
      for (long system : new long[] {objectClass, classClass, stringClass, threadClass, byteArrayClass,
          holderClass, bufferClass}) {
        heap.rootStickyClass(system);
      }
      heap.rootJniGlobal(holder, 0x10);
      heap.rootThreadObject(thread, 1, trace);
      heap.rootJavaFrame(buffer, 1, 0);

      heap.instance(holder, holderClass, heap.fieldsOf(holderClass)
          .set("payload", FieldValue.ofObject(payload)).set("text", FieldValue.ofObject(text)));
      heap.primitiveArray(payload, new byte[PAYLOAD_BYTES]);
      heap.primitiveArray(textBytes, STRING_CONTENT.getBytes(StandardCharsets.ISO_8859_1));
      heap.instance(text, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(textBytes)).set("coder", FieldValue.ofByte((byte) 0)));
      heap.primitiveArray(threadNameBytes, THREAD_NAME.getBytes(StandardCharsets.ISO_8859_1));
      heap.instance(threadName, stringClass, heap.fieldsOf(stringClass)
          .set("value", FieldValue.ofObject(threadNameBytes)).set("coder", FieldValue.ofByte((byte) 0)));
      heap.instance(thread, threadClass, heap.fieldsOf(threadClass)
          .set("name", FieldValue.ofObject(threadName)).set("threadStatus", FieldValue.ofInt(0x5)));
      heap.instance(buffer, bufferClass, heap.fieldsOf(bufferClass).set("data", FieldValue.ofObject(bufferBytes)));
      heap.primitiveArray(bufferBytes, new byte[PAYLOAD_BYTES / 2]);
      heap.endHeapDump();
    }
  }

  /** Reports the holder, quoting the string it holds, with its path and its class as the culprit. */
  static final class QuotingRule implements Rule {
    @Override
    public String id() {
      return "test.quoting";
    }

    @Override
    public String title() {
      return "Quotes what it found";
    }

    @Override
    public List<Threshold> thresholds() {
      return List.of();
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
      HeapGraph graph = context.heap();
      HeapClass holderClass = graph.findClass(HOLDER_CLASS).orElseThrow();
      int holder = graph.instancesOf(holderClass, false)[0];
      String quoted = graph.readString(graph.referenceField(holder, "text"), 200);
      long retained = graph.retainedSize(holder);
      ExampleObject example = new ExampleObject(graph.objectId(holder), holderClass.name(), graph.shallowSize(holder),
          retained, HeapSummarizer.path(graph, holder), THREAD_NAME, null);
      return List.of(new Finding(id(), 85, title(),
          "One " + holderClass.name() + " holds \"" + quoted + "\" and retains " + retained + " bytes",
          "It quotes " + quoted + ".", new Evidence(retained, 1, Map.of("holders", 1L), Map.of("text", quoted),
              List.of(example), List.of(THREAD_NAME + " at " + METHOD)),
          new Culprit(holderClass.name(), METHOD, 42), "Stop holding " + quoted + "."));
    }
  }
}

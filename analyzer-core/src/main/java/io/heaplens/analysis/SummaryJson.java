package io.heaplens.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the JSON document of an analysis: {@code schemaVersion}, {@code heaplensVersion}, then
 * the {@link HeapSummary} components as top-level fields (names documented in the README).
 */
public final class SummaryJson {
  /** Bumped when a field changes meaning or goes away; adding fields does not bump it. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private SummaryJson() {}

  public static void write(HeapSummary summary, String heaplensVersion, OutputStream out) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schemaVersion", SCHEMA_VERSION);
    document.put("heaplensVersion", heaplensVersion);
    document.put("dump", summary.dump());
    document.put("counts", summary.counts());
    document.put("classes", summary.classes());
    document.put("dominators", summary.dominators());
    document.put("threads", summary.threads());
    MAPPER.writeValue(out, document);
  }
}

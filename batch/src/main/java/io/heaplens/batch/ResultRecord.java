package io.heaplens.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status record of one result ({@code status.json}), written after the report and the JSON so
 * that its presence means the result is complete. It says which inputs, in which version (their
 * identity), were analyzed, how it ended, and the few facts the index shows.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param key the result's key in the store (a safe relative path, see {@link ResultKeys})
 * @param inputs the analyzed inputs with their identity; a changed identity means analyze again
 * @param status {@code done}, {@code failed} or {@code skipped}
 * @param error why it failed or was skipped, in one line; null when done
 * @param worstSeverity the worst finding's severity in lower case, or null
 * @param findings how many findings
 * @param topFindings the first findings (most severe first)
 * @param rules every rule with a finding, with its worst severity
 * @param analyzedAt when the analysis ended (ISO-8601), or null for skipped inputs
 * @param elapsedMillis how long the analysis took
 * @param heaplensVersion the version that analyzed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"schemaVersion", "key", "inputs", "status", "error", "worstSeverity", "findings",
    "topFindings", "rules", "analyzedAt", "elapsedMillis", "heaplensVersion"})
public record ResultRecord(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("key") String key,
    @JsonProperty("inputs") List<Input> inputs,
    @JsonProperty("status") String status,
    @JsonProperty("error") String error,
    @JsonProperty("worstSeverity") String worstSeverity,
    @JsonProperty("findings") int findings,
    @JsonProperty("topFindings") List<TopFinding> topFindings,
    @JsonProperty("rules") Map<String, String> rules,
    @JsonProperty("analyzedAt") String analyzedAt,
    @JsonProperty("elapsedMillis") long elapsedMillis,
    @JsonProperty("heaplensVersion") String heaplensVersion) {

  public static final int SCHEMA_VERSION = 1;
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ResultRecord {
    Objects.requireNonNull(key, "key");
    inputs = List.copyOf(inputs);
    topFindings = topFindings == null ? List.of() : List.copyOf(topFindings);
    rules = rules == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(rules));
  }

  /** A finished analysis, with the facts of its JSON. */
  public static ResultRecord done(String key, List<Input> inputs, ResultSummary summary, String analyzedAt,
      long elapsedMillis, String version) {
    return new ResultRecord(SCHEMA_VERSION, key, inputs, DONE, null, summary.worstSeverity(),
        summary.findings(), summary.topFindings(), summary.rules(), analyzedAt, elapsedMillis, version);
  }

  /** A failed analysis, with the one-line reason. */
  public static ResultRecord failed(String key, List<Input> inputs, String error, String analyzedAt,
      long elapsedMillis, String version) {
    return new ResultRecord(SCHEMA_VERSION, key, inputs, FAILED, error, null, 0, List.of(), Map.of(), analyzedAt,
        elapsedMillis, version);
  }

  /** An input that was not analyzed, with the reason. */
  public static ResultRecord skipped(String key, Input input, String reason, String version) {
    return new ResultRecord(SCHEMA_VERSION, key, List.of(input), SKIPPED, reason, null, 0, List.of(), Map.of(), null, 0,
        version);
  }

  /** Whether this record is of exactly these inputs, in these versions. */
  public boolean sameInputs(List<Input> others) {
    return inputs.equals(others);
  }

  /** The record as JSON bytes. */
  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("a result record always serializes", e);
    }
  }

  /**
   * Reads a record.
   *
   * @throws IOException the bytes are not a record
   */
  public static ResultRecord fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, ResultRecord.class);
  }

  /**
   * One input of a result, as the source saw it.
   *
   * @param key the source key (path under the scanned folder or bucket prefix, or the upload's
   *     file name)
   * @param kind {@code heapDump}, {@code recording} or null for an input that is neither
   * @param bytes its size
   * @param version what identifies this version of it: the S3 ETag, or the file's modification
   *     time, or the upload's SHA-256
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"key", "kind", "bytes", "version"})
  public record Input(
      @JsonProperty("key") String key,
      @JsonProperty("kind") String kind,
      @JsonProperty("bytes") long bytes,
      @JsonProperty("version") String version) {
    public static final String HEAP_DUMP = "heapDump";
    public static final String RECORDING = "recording";
  }

  /**
   * One of the first findings, as the index shows it.
   *
   * @param ruleId the rule
   * @param severity lower-case severity
   * @param claim the claim in numbers
   * @param culprit the culprit as {@code class.method (line N)}, or the class alone, or null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"ruleId", "severity", "claim", "culprit"})
  public record TopFinding(
      @JsonProperty("ruleId") String ruleId,
      @JsonProperty("severity") String severity,
      @JsonProperty("claim") String claim,
      @JsonProperty("culprit") String culprit) {}
}

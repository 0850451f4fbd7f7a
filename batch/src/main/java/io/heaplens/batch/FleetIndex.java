package io.heaplens.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.heaplens.analysis.rules.Severity;
import io.heaplens.html.HtmlReport;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * The index of many results: {@code index.json} (versioned, documented in the README) and {@code
 * index.html}, one self-contained page in the report's look, that ranks the dumps by their worst
 * finding, shows each one's top findings with the culprit, links each report, and counts in how
 * many dumps each rule fired, so that a pattern across a fleet shows at a glance. Everything in it
 * comes from untrusted keys and dumps and is escaped; the page loads nothing and runs no script.
 */
public final class FleetIndex {
  /** Version of the {@code index.json} layout; raised when a field changes meaning or goes away. */
  public static final int SCHEMA_VERSION = 1;
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline';"
      + " base-uri 'none'; form-action 'none'";
  private static final Configuration TEMPLATES = configuration();
  /** Skipped objects listed on the page; index.json has them all. A bucket may hold thousands. */
  static final int SKIPPED_SHOWN = 200;

  private final List<Entry> entries;

  private FleetIndex(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * The index of these records: one entry per result key (a complete result wins over an older
   * "skipped" record of the same key), ranked worst first.
   */
  public static FleetIndex of(List<ResultRecord> records) {
    Map<String, ResultRecord> byKey = new HashMap<>();
    for (ResultRecord record : records) {
      ResultRecord known = byKey.get(record.key());
      if (known == null || ResultRecord.SKIPPED.equals(known.status())) {
        byKey.put(record.key(), record);
      }
    }
    List<Entry> entries = new ArrayList<>();
    for (ResultRecord record : byKey.values()) {
      entries.add(Entry.of(record));
    }
    entries.sort(Comparator.comparingInt(FleetIndex::rank).thenComparing(Entry::firstInput));
    return new FleetIndex(entries);
  }

  /** The entries, worst first. */
  public List<Entry> entries() {
    return entries;
  }

  /** The index as JSON. */
  public byte[] json() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schemaVersion", SCHEMA_VERSION);
    document.put("analyses", entries);
    try {
      return ResultRecord.JSON.writeValueAsBytes(document);
    } catch (IOException e) {
      throw new IllegalStateException("the index always serializes", e);
    }
  }

  /** The index as one self-contained HTML page, titled {@code title} (escaped). */
  public byte[] html(String title) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", title);
    model.put("csp", CONTENT_SECURITY_POLICY);
    model.put("style", HtmlReport.stylesheet());
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (Entry entry : entries) {
      if (!ResultRecord.SKIPPED.equals(entry.status())) {
        rows.add(row(entry));
      } else if (skipped.size() < SKIPPED_SHOWN) {
        skipped.add(row(entry));
      }
    }
    model.put("rows", rows);
    model.put("skipped", skipped);
    model.put("totals", totals());
    model.put("rules", ruleCounts());
    StringWriter page = new StringWriter(1 << 14);
    try {
      TEMPLATES.getTemplate("index.ftlh").process(model, page);
    } catch (IOException | TemplateException e) {
      throw new IllegalStateException("the index template failed: " + e.getMessage(), e);
    }
    return page.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Rebuilds {@code index.json} and {@code index.html} of a store from everything in it.
   *
   * @return the index that was written
   * @throws IOException the store cannot be read or written
   */
  public static FleetIndex rebuild(ResultStore store, String title) throws IOException {
    FleetIndex index = of(store.all());
    store.writeTopLevel(ResultStore.INDEX_JSON, index.json(), "application/json");
    store.writeTopLevel(ResultStore.INDEX_HTML, index.html(title), "text/html; charset=utf-8");
    return index;
  }

  private Map<String, Long> totals() {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (String status : List.of(ResultRecord.DONE, ResultRecord.FAILED, ResultRecord.SKIPPED)) {
      totals.put(status, entries.stream().filter(entry -> entry.status().equals(status)).count());
    }
    totals.put("withFindings", entries.stream().filter(entry -> entry.worstSeverity() != null).count());
    return totals;
  }

  /** For each rule, in how many analyses it has a finding, and its worst severity among them. */
  private List<Map<String, Object>> ruleCounts() {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Severity> worst = new HashMap<>();
    for (Entry entry : entries) {
      entry.rules().forEach((rule, severity) -> {
        counts.computeIfAbsent(rule, key -> new int[1])[0]++;
        worst.merge(rule, Severity.parse(severity), (a, b) -> a.atLeast(b) ? a : b);
      });
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    counts.forEach((rule, count) -> {
      Map<String, Object> row = new HashMap<>();
      row.put("ruleId", rule);
      row.put("dumps", count[0]);
      row.put("severity", worst.get(rule).label());
      rows.add(row);
    });
    rows.sort(Comparator.comparing((Map<String, Object> row) -> Severity.parse((String) row.get("severity")).ordinal())
        .thenComparing(row -> -(Integer) row.get("dumps")).thenComparing(row -> (String) row.get("ruleId")));
    return rows;
  }

  private static Map<String, Object> row(Entry entry) {
    Map<String, Object> row = new HashMap<>();
    row.put("inputs", entry.inputs());
    row.put("status", entry.status());
    row.put("severity", entry.worstSeverity() == null ? "" : entry.worstSeverity());
    row.put("findings", entry.findings());
    row.put("top", entry.topFindings().stream().map(finding -> {
      Map<String, Object> top = new HashMap<>();
      top.put("ruleId", finding.ruleId());
      top.put("severity", finding.severity());
      top.put("claim", finding.claim());
      top.put("culprit", finding.culprit() == null ? "" : finding.culprit());
      return top;
    }).toList());
    row.put("report", entry.report() == null ? "" : entry.report());
    row.put("json", entry.json() == null ? "" : entry.json());
    row.put("error", entry.error() == null ? "" : entry.error());
    row.put("analyzedAt", entry.analyzedAt() == null ? "" : entry.analyzedAt());
    return row;
  }

  /** Worst severity first, then analyses without findings, then failures, then skipped inputs. */
  private static int rank(Entry entry) {
    return switch (entry.status()) {
      case ResultRecord.DONE -> entry.worstSeverity() == null
          ? Severity.values().length : Severity.parse(entry.worstSeverity()).ordinal();
      case ResultRecord.FAILED -> Severity.values().length + 1;
      default -> Severity.values().length + 2;
    };
  }

  private static Configuration configuration() {
    Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
    configuration.setTemplateLoader(new ClassTemplateLoader(FleetIndex.class, "/io/heaplens/batch"));
    configuration.setDefaultEncoding("UTF-8");
    configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
    configuration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    configuration.setLogTemplateExceptions(false);
    configuration.setLocale(Locale.ROOT);
    configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
    configuration.setNumberFormat("computer");
    configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    configuration.setAPIBuiltinEnabled(false);
    configuration.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
    return configuration;
  }

  /**
   * One analysis in {@code index.json}.
   *
   * @param key the result key
   * @param inputs the source keys of its inputs
   * @param status {@code done}, {@code failed} or {@code skipped}
   * @param worstSeverity lower-case, or null
   * @param findings how many findings
   * @param topFindings the first findings
   * @param rules every rule with a finding, with its worst severity
   * @param report the report's path relative to the index, or null
   * @param json the JSON's path relative to the index, or null
   * @param error why it failed or was skipped, or null
   * @param analyzedAt when it was analyzed, or null
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"key", "inputs", "status", "worstSeverity", "findings", "topFindings", "rules", "report", "json",
      "error", "analyzedAt"})
  public record Entry(
      @JsonProperty("key") String key,
      @JsonProperty("inputs") List<String> inputs,
      @JsonProperty("status") String status,
      @JsonProperty("worstSeverity") String worstSeverity,
      @JsonProperty("findings") int findings,
      @JsonProperty("topFindings") List<ResultRecord.TopFinding> topFindings,
      @JsonProperty("rules") Map<String, String> rules,
      @JsonProperty("report") String report,
      @JsonProperty("json") String json,
      @JsonProperty("error") String error,
      @JsonProperty("analyzedAt") String analyzedAt) {

    static Entry of(ResultRecord record) {
      boolean done = ResultRecord.DONE.equals(record.status());
      return new Entry(record.key(), record.inputs().stream().map(ResultRecord.Input::key).toList(),
          record.status(), record.worstSeverity(), record.findings(), record.topFindings(), record.rules(),
          done ? record.key() + "/" + ResultStore.REPORT : null,
          done ? record.key() + "/" + ResultStore.JSON : null, record.error(), record.analyzedAt());
    }

    String firstInput() {
      return inputs.isEmpty() ? key : inputs.get(0);
    }
  }
}

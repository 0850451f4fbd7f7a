package io.heaplens.html;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.heaplens.analysis.AnalysisReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;

/**
 * Renders an {@link AnalysisReport} as one self-contained HTML file a team can open offline and
 * mail around: the verdict and findings first, then the heap overview (top dominators, class
 * histogram, threads), the recording overview (heap after GC, GC pauses, threads, flame graphs,
 * JMC's rules), then how the report was produced.
 *
 * <p>The file loads nothing: styles, charts and flame graphs (inline SVG) and the little script
 * (sorting tables, expanding everything, zooming flame graphs) are inline, and a
 * Content-Security-Policy forbids every network load. The dump and the recording are untrusted
 * input: every string from them is HTML-escaped by the templates (Freemarker's HTML output format
 * escapes {@code < > & " '}, so values are also safe inside quoted attributes; no data from them is
 * ever placed inside the script), and the policy allows only the report's own script, by its hash,
 * so even an escaping mistake could not run injected code. Every list is capped and every string
 * cut, so a report stays a few megabytes whatever the inputs.
 *
 * <p>Thread-safe: the template configuration is built once and shared.
 */
public final class HtmlReport {
  private static final String TEMPLATES = "/io/heaplens/html/templates";
  private static final String MAIN_TEMPLATE = "report.ftlh";
  private static final String STYLE = resource("report.css");
  private static final String SCRIPT = resource("report.js");
  /**
   * The page's policy: nothing from the network or any other origin; images only as data URIs;
   * inline styles; scripts only the report's own (by hash; 'unsafe-inline' is there for browsers
   * too old for hashes, and ignored by those that know them); no base URL, no form posts. Public so
   * that a server sending the report can send the same policy as a header.
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
      + "script-src '" + sha256Source(SCRIPT) + "' 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  private HtmlReport() {}

  /** The report's stylesheet, for other pages in the same look (the index of many reports). */
  public static String stylesheet() {
    return STYLE;
  }

  /**
   * Writes the report to {@code out}, which is flushed but not closed. On failure {@code out} may
   * hold part of the page.
   *
   * @throws IOException writing to {@code out} failed
   */
  public static void render(AnalysisReport report, Writer out) throws IOException {
    render(report, out, Limits.DEFAULT);
  }

  /**
   * Writes the report to {@code file} (UTF-8), replacing it. The page is rendered in memory first
   * (it is bounded to a few megabytes), so a failure never leaves half a report behind.
   *
   * @throws IOException the file cannot be written
   */
  public static void write(AnalysisReport report, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    StringWriter page = new StringWriter(1 << 16);
    render(report, page);
    try (OutputStream stream = Files.newOutputStream(file);
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
      out.write(page.toString());
    }
  }

  static void render(AnalysisReport report, Writer out, Limits limits) throws IOException {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(out, "out");
    Map<String, Object> model = ReportModel.of(report, limits);
    model.put("csp", CONTENT_SECURITY_POLICY);
    model.put("style", STYLE);
    model.put("script", SCRIPT);
    try {
      Template template = Templates.CONFIGURATION.getTemplate(MAIN_TEMPLATE);
      template.process(model, out);
    } catch (TemplateException e) {
      throw new IllegalStateException("the HTML report template failed: " + e.getMessage(), e);
    }
    out.flush();
  }

  /** The Freemarker configuration, built on first use. */
  private static final class Templates {
    static final Configuration CONFIGURATION = configuration();

    private static Configuration configuration() {
      Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
      configuration.setTemplateLoader(new ClassTemplateLoader(HtmlReport.class, TEMPLATES));
      configuration.setDefaultEncoding("UTF-8");
      // Every template is HTML with auto-escaping on, whatever its name.
      configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
      configuration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
      configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
      configuration.setLogTemplateExceptions(false);
      configuration.setWrapUncheckedExceptions(true);
      configuration.setFallbackOnNullLoopVariable(false);
      configuration.setLocalizedLookup(false);
      configuration.setLocale(Locale.ROOT);
      configuration.setTimeZone(TimeZone.getTimeZone("UTC"));
      configuration.setNumberFormat("computer");
      configuration.setBooleanFormat("c");
      // Templates get maps of plain values; nothing may reach Java classes from them.
      configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
      configuration.setAPIBuiltinEnabled(false);
      configuration.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
      return configuration;
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATES + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + TEMPLATES + "/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSP hash source for an inline script: 'sha256-' and the Base64 of its UTF-8 bytes' digest. */
  static String sha256Source(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

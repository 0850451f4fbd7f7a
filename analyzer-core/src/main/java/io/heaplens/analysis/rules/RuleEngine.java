package io.heaplens.analysis.rules;

import io.heaplens.analysis.Printable;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.hprof.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a set of rules over the inputs of one analysis and collects their findings.
 *
 * <p>Rules are isolated from each other and from the analysis: a rule that throws (an exception,
 * a {@link StackOverflowError}, an {@link OutOfMemoryError}, a missing class), returns null or
 * returns an invalid finding becomes a {@link RuleError} and the others still run. Rules run one
 * after the other in rule id order, so that results and timings do not depend on discovery order.
 *
 * <p>Immutable; {@link #run} may be called concurrently if the rules are stateless, as their
 * contract requires. The engine renders nothing: reports read the {@link RuleResults}.
 */
public final class RuleEngine {
  /** Worst first: severity, retained bytes (largest first), rule id. Ties keep the rule's order. */
  public static final Comparator<Finding> FINDING_ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Comparator.comparingLong(RuleEngine::retainedBytes).reversed())
          .thenComparing(Finding::ruleId);

  private static final int MAX_MESSAGE = 300;
  private static final int MAX_LOAD_ERRORS = 100;
  private static final Pattern PROVIDER = Pattern.compile("Provider ([\\w.$]+)");

  /** Every rule that loaded, by id. */
  private final Map<String, Rule> catalog;
  /** The ids to run, sorted. */
  private final List<String> selected;
  private final List<RuleError> loadErrors;

  /**
   * An engine over exactly these rules (tests, embedding). A rule whose id, title or thresholds
   * cannot be read, or whose id is taken by an earlier rule of the list, is left out and reported
   * as a {@link RuleError} with every run.
   */
  public RuleEngine(List<? extends Rule> rules) {
    this(rules, List.of());
  }

  private RuleEngine(List<? extends Rule> rules, List<RuleError> earlierErrors) {
    Map<String, Rule> byId = new TreeMap<>();
    List<RuleError> errors = new ArrayList<>(earlierErrors);
    for (Rule rule : rules) {
      String id = null;
      try {
        Objects.requireNonNull(rule, "a null rule");
        id = rule.id();
        String problem = describeProblem(rule, id);
        if (problem != null) {
          errors.add(new RuleError(id == null ? rule.getClass().getName() : id, problem));
        } else if (byId.containsKey(id)) {
          errors.add(new RuleError(id, "left out: " + rule.getClass().getName()
              + " has the same id as " + byId.get(id).getClass().getName()));
        } else {
          byId.put(id, rule);
        }
      } catch (Throwable e) {
        rethrowIfFatal(e);
        String name = id != null ? id : rule == null ? "?" : rule.getClass().getName();
        errors.add(new RuleError(name, "could not be loaded: " + oneLine(e)));
      }
    }
    this.catalog = Collections.unmodifiableMap(byId);
    this.selected = List.copyOf(byId.keySet());
    this.loadErrors = List.copyOf(errors);
  }

  private RuleEngine(Map<String, Rule> catalog, List<String> selected, List<RuleError> loadErrors) {
    this.catalog = catalog;
    this.selected = selected;
    this.loadErrors = loadErrors;
  }

  /**
   * An engine over the rules registered in {@code META-INF/services/io.heaplens.analysis.rules.Rule}
   * on the class path. A provider that cannot be instantiated is reported as a {@link RuleError},
   * not thrown.
   */
  public static RuleEngine discover() {
    return discover(Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : RuleEngine.class.getClassLoader());
  }

  /** As {@link #discover()}, looking in {@code loader}. */
  public static RuleEngine discover(ClassLoader loader) {
    List<Rule> rules = new ArrayList<>();
    List<RuleError> errors = new ArrayList<>();
    Iterator<Rule> providers = ServiceLoader.load(Rule.class, loader).iterator();
    // After an error the iterator moves on to the next provider ("best effort"); the bound
    // guards against a broken configuration that fails forever.
    while (errors.size() < MAX_LOAD_ERRORS) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        rules.add(providers.next());
      } catch (ServiceConfigurationError e) {
        // The message names the provider; the cause (a constructor that threw) says why.
        String message = String.valueOf(e.getMessage()).replace(Rule.class.getName() + ": ", "");
        errors.add(new RuleError(providerName(e), "could not be loaded: " + Printable.escape(message)
            + (e.getCause() == null ? "" : ": " + oneLine(e.getCause()))));
      }
    }
    return new RuleEngine(rules, errors);
  }

  /** Every known rule (not only the selected ones), in id order. */
  public List<Rule> rules() {
    return List.copyOf(catalog.values());
  }

  /** The ids of the rules {@link #run} runs, in order. */
  public List<String> selectedRuleIds() {
    return selected;
  }

  /** Rules that could not be loaded; also part of every {@link RuleResults}. */
  public List<RuleError> loadErrors() {
    return loadErrors;
  }

  /**
   * An engine that runs only the given rules; the catalog (for config files and listings) stays
   * whole.
   *
   * @throws RuleConfigException an id names no known rule, or no id is given
   */
  public RuleEngine select(Collection<String> ruleIds) throws RuleConfigException {
    Set<String> wanted = new LinkedHashSet<>();
    for (String id : ruleIds) {
      String trimmed = id.trim();
      if (!trimmed.isEmpty()) {
        wanted.add(trimmed);
      }
    }
    if (wanted.isEmpty()) {
      throw new RuleConfigException("no rule id given; give one or more ids separated by commas");
    }
    for (String id : wanted) {
      if (!catalog.containsKey(id)) {
        throw new RuleConfigException("unknown rule '" + Printable.escape(id) + "'"
            + (catalog.isEmpty() ? "; no rules are installed" : RuleConfig.suggestion(id, catalog.keySet())));
      }
    }
    return new RuleEngine(catalog, selected.stream().filter(wanted::contains).toList(), loadErrors);
  }

  /**
   * Reads and checks a threshold config file against every known rule.
   *
   * @see RuleConfig the file format
   */
  public RuleConfig loadConfig(Path file) throws IOException, RuleConfigException {
    return RuleConfig.load(file, catalog.values());
  }

  /** Runs the selected rules on a heap dump with the given thresholds. */
  public RuleResults run(HeapGraph heap, RuleConfig config) {
    return run(new RuleContext(heap, null, config.overrides()), ProgressListener.NONE);
  }

  /** Runs the selected rules, reporting progress as phase "rules", one unit per rule. */
  public RuleResults run(RuleContext context, ProgressListener progress) {
    List<Finding> findings = new ArrayList<>();
    List<RuleError> errors = new ArrayList<>(loadErrors);
    List<RuleRun> runs = new ArrayList<>();
    int done = 0;
    for (String id : selected) {
      progress.progress("rules", done++, selected.size());
      runOne(id, catalog.get(id), context, findings, errors, runs);
    }
    progress.progress("rules", done, selected.size());
    findings.sort(FINDING_ORDER);
    return new RuleResults(findings, errors, runs);
  }

  private static void runOne(String id, Rule rule, RuleContext context, List<Finding> findings,
      List<RuleError> errors, List<RuleRun> runs) {
    String title = id;
    long start = System.nanoTime();
    try {
      title = Objects.requireNonNullElse(rule.title(), id);
      if (!rule.appliesTo(context)) {
        runs.add(new RuleRun(id, title, RuleRun.Outcome.NOT_APPLICABLE, 0, millisSince(start)));
        return;
      }
      List<Finding> found = rule.evaluate(context);
      if (found == null) {
        throw new InvalidResult("evaluate returned null instead of a list");
      }
      List<Finding> valid = new ArrayList<>(found.size());
      String invalid = null;
      int invalidCount = 0;
      for (Finding finding : found) {
        String problem = problemWith(finding, id);
        if (problem == null) {
          valid.add(withDefaults(finding, title));
        } else {
          invalid = invalid == null ? problem : invalid;
          invalidCount++;
        }
      }
      findings.addAll(valid);
      if (invalid != null) {
        errors.add(new RuleError(id, invalidCount + " invalid "
            + (invalidCount == 1 ? "finding" : "findings") + " left out: " + invalid));
      }
      runs.add(new RuleRun(id, title, valid.isEmpty() && invalid != null ? RuleRun.Outcome.FAILED
          : valid.isEmpty() ? RuleRun.Outcome.CLEAN : RuleRun.Outcome.FOUND, valid.size(), millisSince(start)));
    } catch (Throwable e) {
      rethrowIfFatal(e);
      errors.add(new RuleError(id, e instanceof InvalidResult ? e.getMessage() : "failed: " + oneLine(e)));
      runs.add(new RuleRun(id, title, RuleRun.Outcome.FAILED, 0, millisSince(start)));
    }
  }

  /** Why a rule's finding cannot be reported, or null. */
  private static String problemWith(Finding finding, String ruleId) {
    if (finding == null) {
      return "a null finding";
    }
    if (!ruleId.equals(finding.ruleId())) {
      return "a finding with rule id '" + finding.ruleId() + "'";
    }
    if (finding.score() < 0 || finding.score() > 100) {
      return "a finding with score " + finding.score() + " (must be 0-100)";
    }
    if (finding.claim() == null || finding.claim().isBlank()) {
      return "a finding without a claim";
    }
    return null;
  }

  /** The finding with the rule's title if it has none, and empty evidence instead of null. */
  private static Finding withDefaults(Finding finding, String title) {
    if (finding.title() != null && finding.evidence() != null) {
      return finding;
    }
    return new Finding(finding.ruleId(), finding.score(),
        finding.title() != null ? finding.title() : title, finding.claim(), finding.explanation(),
        finding.evidence() != null ? finding.evidence() : Evidence.none(), finding.culprit(),
        finding.recommendation());
  }

  /** Why a rule cannot be used, or null. */
  private static String describeProblem(Rule rule, String id) {
    if (id == null || id.isBlank()) {
      return "left out: " + rule.getClass().getName() + " has no id";
    }
    if (!id.equals(id.strip()) || id.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == '=')) {
      return "left out: the id '" + Printable.escape(id)
          + "' has whitespace, ',' or '='";
    }
    rule.title();
    List<Threshold> thresholds = rule.thresholds();
    if (thresholds == null) {
      return "left out: thresholds() returned null";
    }
    Set<String> names = new HashSet<>();
    for (Threshold threshold : thresholds) {
      if (threshold == null || threshold.name() == null || threshold.name().isEmpty()
          || threshold.name().contains(".")) {
        return "left out: a threshold without a name, or with a '.' in it";
      }
      if (!names.add(threshold.name())) {
        return "left out: two thresholds named " + threshold.name();
      }
    }
    return null;
  }

  private static long retainedBytes(Finding finding) {
    return finding.evidence() == null ? 0 : finding.evidence().retainedBytes();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Errors the JVM cannot go on after are not a rule's failure: let them end the analysis. */
  private static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)
        && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
  }

  /**
   * One line for a report: the exception's type and message, and where in the rule it was thrown
   * (the first frame outside the JDK).
   */
  static String oneLine(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      text.append(": ").append(e.getMessage());
    }
    for (StackTraceElement frame : e.getStackTrace()) {
      String className = frame.getClassName();
      if (!className.startsWith("java.") && !className.startsWith("jdk.") && !className.startsWith("sun.")) {
        text.append(" (at ").append(frame).append(')');
        break;
      }
    }
    String line = Printable.escape(text.toString().replaceAll("\\s*\\R\\s*", " "));
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
  }

  /** The provider class named in a ServiceLoader error, else "?". */
  private static String providerName(ServiceConfigurationError e) {
    String message = String.valueOf(e.getMessage());
    Matcher matcher = PROVIDER.matcher(message);
    return matcher.find() ? matcher.group(1) : "?";
  }

  /** A result a rule returned that cannot be used; its message is already one line. */
  private static final class InvalidResult extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidResult(String message) {
      super(message, null, false, false);
    }
  }
}

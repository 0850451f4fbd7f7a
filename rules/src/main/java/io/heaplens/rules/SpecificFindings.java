package io.heaplens.rules;

import io.heaplens.analysis.rules.Finding;
import io.heaplens.analysis.rules.Rule;
import io.heaplens.analysis.rules.RuleContext;
import io.heaplens.analysis.rules.Threshold;
import io.heaplens.hprof.FieldValue;
import io.heaplens.hprof.HeapGraph;
import io.heaplens.rules.support.PerHeap;
import io.heaplens.rules.support.RecordedOrigins.Origin;
import io.heaplens.rules.support.RecordedOrigins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The heap findings that name a specific cause (a buffered body, an accumulating collection, a
 * scheduler, executor or client made per call), each with the objects and threads it is about: what
 * the general rules (leak suspects, duplicate strings) and the recording rules ask so that one cause
 * gives one finding. A leak suspect made of a specific finding's objects, or a thread storm of its
 * threads, is the same cause seen from another side: those rules then point at the specific finding
 * instead of raising an alarm of their own.
 *
 * <p>Each specific rule computes its heap findings once per heap and thresholds ({@link #of(RuleContext,
 * Specific)}); the recording's part (creating or allocating stacks) is joined per run.
 */
public final class SpecificFindings {
  /** What a general finding needs of a specific one for the objects to count as explained. */
  public static final double EXPLAINED_SHARE = 0.5;

  /**
   * A heap rule reporting a specific cause.
   */
  public interface Specific extends Rule {
    /** Its findings on the heap alone, with their objects; computed once per heap ({@link #of}). */
    List<Reported> report(RuleContext context);

    /** Its heap findings, each joined with the recording's evidence when there is a recording. */
    @Override
    default List<Finding> evaluate(RuleContext context) {
      return SpecificFindings.of(context, this).stream().map(reported -> reported.joined(context)).toList();
    }
  }

  /**
   * One heap finding with what it is about.
   *
   * @param finding the finding from the heap alone
   * @param objects the implicated objects (as taken for its retained size)
   * @param threads the live threads among or behind them (empty when it is not about threads)
   * @param origin where the recording saw them created or allocated, joined to the finding per run
   */
  public record Reported(Finding finding, int[] objects, int[] threads, Function<RuleContext, Optional<Origin>> origin) {
    /** The finding joined with the recording's evidence when there is a recording. */
    public Finding joined(RuleContext context) {
      return RecordedOrigins.join(finding, origin.apply(context));
    }

    /** "the http.buffered-body finding (culprit com.acme.Filter)". */
    public String label() {
      return "the " + finding.ruleId() + " finding" + (finding.culprit() == null ? ""
          : " (culprit " + finding.culprit().className() + ")");
    }
  }

  /**
   * The rules whose findings name a specific cause: the installed rules ({@code META-INF/services})
   * that are {@link Specific}, found the way the engine finds rules, so this class depends on no
   * rule family.
   */
  private static final List<Specific> RULES = ServiceLoader.load(Rule.class, SpecificFindings.class.getClassLoader())
      .stream().map(ServiceLoader.Provider::get).filter(Specific.class::isInstance).map(Specific.class::cast)
      .sorted(Comparator.comparing(Rule::id)).toList();

  private SpecificFindings() {}

  /** {@code rule}'s heap findings, computed once per heap and thresholds. */
  public static List<Reported> of(RuleContext context, Specific rule) {
    String key = SpecificFindings.class.getName() + "/" + rule.id() + thresholdValues(context, rule);
    return PerHeap.get(context.heap(), key, () -> List.copyOf(rule.report(context)));
  }

  /** The findings of every specific heap rule at or above {@code minScore}; empty without a heap. */
  public static List<Reported> all(RuleContext context, int minScore) {
    if (context.heap() == null) {
      return List.of();
    }
    List<Reported> all = new ArrayList<>();
    for (Specific rule : RULES) {
      of(context, rule).stream().filter(r -> r.finding().score() >= minScore).forEach(all::add);
    }
    return all;
  }

  /** The recording's Java thread ids ({@code Thread.tid}) of a finding's threads. */
  public static Set<Long> threadIds(HeapGraph graph, Reported reported) {
    Set<Long> tids = new HashSet<>();
    for (int thread : reported.threads()) {
      graph.field(thread, "tid").map(FieldValue::asLong).ifPresent(tids::add);
    }
    return tids;
  }

  /** The objects of a finding as a set. */
  public static Set<Integer> objectSet(Reported reported) {
    return Arrays.stream(reported.objects()).boxed().collect(Collectors.toSet());
  }

  private static String thresholdValues(RuleContext context, Rule rule) {
    StringBuilder values = new StringBuilder();
    for (Threshold threshold : rule.thresholds()) {
      values.append('/').append(context.threshold(rule, threshold.name()));
    }
    return values.toString();
  }
}

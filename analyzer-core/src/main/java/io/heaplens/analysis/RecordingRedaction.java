package io.heaplens.analysis;

import io.heaplens.analysis.RecordingSummary.ErrorRow;
import io.heaplens.analysis.RecordingSummary.JmcRow;
import io.heaplens.analysis.RecordingSummary.RecordingFacts;
import io.heaplens.analysis.rules.Redaction;

/**
 * {@code --redact} on a {@link RecordingSummary}: the JVM's arguments (system properties set on the
 * command line among them), the messages of errors thrown, and the results of JDK Mission Control's
 * rules that look for passwords in arguments, system properties and the environment (they quote
 * what they found) become {@link Redaction}s. Class names, frames, endpoints and numbers stay.
 */
final class RecordingRedaction {
  /** JMC's rules whose results quote suspicious arguments, properties or variables with their values. */
  private static final String PASSWORD_RULES = "Passwords";

  private RecordingRedaction() {}

  static RecordingSummary redact(RecordingSummary summary) {
    RecordingFacts facts = summary.recording();
    RecordingFacts redactedFacts = new RecordingFacts(facts.file(), facts.fileBytes(), facts.jvm(),
        Redaction.of(facts.jvmArguments()), facts.start(), facts.durationMillis(), facts.chunks(), facts.events(),
        facts.maxHeapBytes(), facts.collector(), facts.eventCounts());
    return new RecordingSummary(redactedFacts, summary.liveSet(), summary.heapAfterGc(), summary.gcPauses(),
        summary.gcTotals(), summary.threadCounts(), summary.allocationFlameGraph(), summary.cpuFlameGraph(),
        summary.allocatedClasses(),
        summary.errors().stream().map(error -> new ErrorRow(error.errorClass(), Redaction.of(error.message()),
            error.count(), error.firstMillis(), error.topFrames())).toList(),
        summary.sockets(),
        summary.jmcRules().stream().map(RecordingRedaction::redact).toList(),
        summary.warnings(), summary.unread());
  }

  private static JmcRow redact(JmcRow row) {
    if (row.id() == null || !row.id().startsWith(PASSWORD_RULES)) {
      return row;
    }
    return new JmcRow(row.id(), row.name(), row.severity(), row.score(), Redaction.of(row.summary()),
        Redaction.of(row.explanation()), Redaction.of(row.solution()));
  }
}

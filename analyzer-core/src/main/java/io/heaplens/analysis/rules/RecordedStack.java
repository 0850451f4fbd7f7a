package io.heaplens.analysis.rules;

import java.util.List;

/**
 * A stack trace from the recording that a finding rests on: where the implicated threads were
 * started or the implicated objects allocated.
 *
 * @param label what the stack did, with its weight ("started 1,843 threads", "allocated 1.2 GB")
 * @param frames innermost first, {@code class.method:line}
 */
public record RecordedStack(String label, List<String> frames) {
  public RecordedStack {
    frames = List.copyOf(frames);
  }
}

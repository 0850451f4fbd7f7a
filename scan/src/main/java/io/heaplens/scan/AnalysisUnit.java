package io.heaplens.scan;

import io.heaplens.batch.ResultKeys;
import io.heaplens.batch.ResultRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What one analysis takes: a dump, a recording, or a dump with the recording of the same stem.
 *
 * @param heapDump the dump, or null
 * @param recording the recording, or null
 */
record AnalysisUnit(SourceObject heapDump, SourceObject recording) {
  /** The key of its result: that of the dump, or of the recording alone. */
  String resultKey() {
    return ResultKeys.of(primary().key());
  }

  /** The object the result is named after. */
  SourceObject primary() {
    return heapDump != null ? heapDump : recording;
  }

  /** Its inputs, as the status record stores them; a different list means analyze again. */
  List<ResultRecord.Input> inputs() {
    List<ResultRecord.Input> inputs = new ArrayList<>();
    if (heapDump != null) {
      inputs.add(new ResultRecord.Input(heapDump.key(), ResultRecord.Input.HEAP_DUMP, heapDump.bytes(),
          heapDump.version()));
    }
    if (recording != null) {
      inputs.add(new ResultRecord.Input(recording.key(), ResultRecord.Input.RECORDING, recording.bytes(),
          recording.version()));
    }
    return inputs;
  }

  /** A short name for progress lines. */
  String displayName() {
    String key = primary().key();
    String name = key.substring(key.lastIndexOf('/') + 1);
    return recording != null && heapDump != null ? name + " + recording" : name;
  }
}

package io.heaplens.scan;

import io.heaplens.batch.ContentKind;
import io.heaplens.batch.ResultKeys;
import io.heaplens.batch.ResultRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scan of one shard has to do, decided from the listing and the results already in the
 * destination, never from memory of an earlier run: which inputs to analyze (new, changed, or
 * failed with {@code --retry-failed}), which are done, and which objects are not analyzable.
 * Objects are told apart by content; an object whose identity matches a stored record is not
 * downloaded again to find out.
 *
 * @param toAnalyze analyses to run, in key order
 * @param alreadyDone analyses whose complete result matches the inputs' identity
 * @param alreadyFailed analyses that failed before on the same inputs (not retried)
 * @param skipped records of the objects that are neither dumps nor recordings
 */
record ScanPlan(List<AnalysisUnit> toAnalyze, int alreadyDone, int alreadyFailed, List<ResultRecord> skipped) {

  /**
   * Plans the scan.
   *
   * @param sniffFolder where heads of objects are downloaded to tell their kind
   * @throws IOException the source or destination cannot be read
   */
  static ScanPlan make(List<SourceObject> objects, List<ResultRecord> stored, Shard shard, boolean retryFailed,
      Source source, Path sniffFolder, String version) throws IOException {
    Map<String, ResultRecord> results = new HashMap<>();
    Map<String, Known> known = new HashMap<>();
    for (ResultRecord record : stored) {
      if (!ResultRecord.SKIPPED.equals(record.status())) {
        results.put(record.key(), record);
      }
      for (ResultRecord.Input input : record.inputs()) {
        known.put(input.key(), new Known(input, record.error()));
      }
    }
    Map<String, List<SourceObject>> dumpsByStem = new TreeMap<>();
    Map<String, List<SourceObject>> recordingsByStem = new TreeMap<>();
    List<ResultRecord> skipped = new ArrayList<>();
    Path head = sniffFolder.resolve("head");
    for (SourceObject object : objects) {
      if (!shard.owns(object.stem())) {
        continue;
      }
      Known previous = known.get(object.key());
      String kind;
      String reason;
      if (previous != null && previous.input.bytes() == object.bytes()
          && previous.input.version().equals(object.version())) {
        kind = previous.input.kind();
        reason = previous.reason;
      } else {
        ContentKind.Detected detected = ContentKind.detect(
            object.bytes() == 0 ? head : source.fetch(object, head, ContentKind.SNIFF_BYTES), object.bytes());
        kind = switch (detected.kind()) {
          case HEAP_DUMP -> ResultRecord.Input.HEAP_DUMP;
          case RECORDING -> ResultRecord.Input.RECORDING;
          case NOT_ANALYZABLE -> null;
        };
        reason = detected.reason();
        Files.deleteIfExists(head);
      }
      if (ResultRecord.Input.HEAP_DUMP.equals(kind)) {
        dumpsByStem.computeIfAbsent(object.stem(), stem -> new ArrayList<>()).add(object);
      } else if (ResultRecord.Input.RECORDING.equals(kind)) {
        recordingsByStem.computeIfAbsent(object.stem(), stem -> new ArrayList<>()).add(object);
      } else {
        skipped.add(ResultRecord.skipped(ResultKeys.of(object.key()),
            new ResultRecord.Input(object.key(), null, object.bytes(), object.version()), reason, version));
      }
    }
    List<AnalysisUnit> units = pair(dumpsByStem, recordingsByStem);
    List<AnalysisUnit> toAnalyze = new ArrayList<>();
    int done = 0;
    int failed = 0;
    for (AnalysisUnit unit : units) {
      ResultRecord result = results.get(unit.resultKey());
      if (result != null && result.sameInputs(unit.inputs())) {
        if (ResultRecord.DONE.equals(result.status())) {
          done++;
          continue;
        }
        if (!retryFailed) {
          failed++;
          continue;
        }
      }
      toAnalyze.add(unit);
    }
    return new ScanPlan(toAnalyze, done, failed, skipped);
  }

  /**
   * One analysis per dump; a recording joins the dump of its stem when that stem has exactly one
   * dump and one recording, and is analyzed alone otherwise.
   */
  private static List<AnalysisUnit> pair(Map<String, List<SourceObject>> dumps, Map<String, List<SourceObject>> recordings) {
    List<AnalysisUnit> units = new ArrayList<>();
    for (Map.Entry<String, List<SourceObject>> entry : dumps.entrySet()) {
      List<SourceObject> sameStemRecordings = recordings.getOrDefault(entry.getKey(), List.of());
      boolean pairs = entry.getValue().size() == 1 && sameStemRecordings.size() == 1;
      for (SourceObject dump : entry.getValue()) {
        units.add(new AnalysisUnit(dump, pairs ? sameStemRecordings.get(0) : null));
      }
      if (pairs) {
        recordings.remove(entry.getKey());
      }
    }
    recordings.values().forEach(list -> list.forEach(recording -> units.add(new AnalysisUnit(null, recording))));
    units.sort(java.util.Comparator.comparing(unit -> unit.primary().key()));
    return units;
  }

  /** What a stored record says about one input: its identity and kind, and why it was skipped. */
  private record Known(ResultRecord.Input input, String reason) {}
}

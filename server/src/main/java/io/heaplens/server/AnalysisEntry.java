package io.heaplens.server;

import io.heaplens.batch.ResultRecord;
import java.time.Instant;
import java.util.List;

/**
 * One analysis in the history.
 *
 * @param id its id
 * @param status {@link #QUEUED}, {@link #RUNNING}, {@link #DONE} or {@link #FAILED}
 * @param uploadedAt when its upload completed
 * @param startedAt when its (last) run started, or null
 * @param finishedAt when it ended, or null
 * @param error why it failed, in one line, or null
 * @param worstSeverity the worst finding's severity in lower case, or null
 * @param findings how many findings
 * @param topFindings the first findings, most severe first
 * @param files the uploaded files
 * @param inputsRemovedAt when the retention removed the uploaded files (the report stays), or null
 */
record AnalysisEntry(String id, String status, Instant uploadedAt, Instant startedAt, Instant finishedAt,
    String error, String worstSeverity, int findings, List<ResultRecord.TopFinding> topFindings,
    List<UploadedFile> files, Instant inputsRemovedAt) {
  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";

  boolean finished() {
    return status.equals(DONE) || status.equals(FAILED);
  }
}

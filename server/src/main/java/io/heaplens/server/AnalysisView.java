package io.heaplens.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An analysis as the API shows it (the README's table lists the fields). */
final class AnalysisView {
  private AnalysisView() {}

  static Map<String, Object> of(AnalysisEntry entry, Optional<AnalysisQueue.Progress> progress) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", entry.id());
    view.put("status", entry.status());
    view.put("progress", progress.map(p -> Map.<String, Object>of("phase", p.phase(), "percent", p.percent()))
        .orElse(null));
    view.put("worstSeverity", entry.worstSeverity());
    view.put("findings", entry.findings());
    view.put("topFindings", entry.topFindings());
    view.put("error", entry.error());
    List<Map<String, Object>> files = new ArrayList<>();
    for (UploadedFile file : entry.files()) {
      Map<String, Object> fileView = new LinkedHashMap<>();
      fileView.put("field", file.field());
      fileView.put("name", file.name());
      fileView.put("kind", file.kind());
      fileView.put("bytes", file.bytes());
      fileView.put("sha256", file.sha256());
      fileView.put("kept", entry.inputsRemovedAt() == null);
      files.add(fileView);
    }
    view.put("files", files);
    view.put("uploadedAt", text(entry.uploadedAt()));
    view.put("startedAt", text(entry.startedAt()));
    view.put("finishedAt", text(entry.finishedAt()));
    view.put("inputsRemovedAt", text(entry.inputsRemovedAt()));
    boolean done = entry.status().equals(AnalysisEntry.DONE);
    String base = Routes.ANALYSES + "/" + entry.id();
    view.put("report", done ? base + "/report.html" : null);
    view.put("json", done ? base + "/analysis.json" : null);
    return view;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}

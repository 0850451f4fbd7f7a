package io.heaplens.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where results live: a local folder or an object-store prefix, one layout for both.
 *
 * <pre>
 *   &lt;key&gt;/report.html          the HTML report, as analyze -o writes it
 *   &lt;key&gt;/analysis.json        the JSON, as analyze --json writes it
 *   &lt;key&gt;/status.json          the {@link ResultRecord}, written last
 *   .heaplens/skipped-&lt;name&gt;.json  inputs that were not analyzable, one list per writer
 *   index.html, index.json     the index of all results ({@link FleetIndex})
 * </pre>
 *
 * <p>A result is complete exactly when its status record exists: the record is written after the
 * documents it describes, and removed before they are replaced.
 */
public interface ResultStore {
  String REPORT = "report.html";
  String JSON = "analysis.json";
  String STATUS = "status.json";
  String INDEX_HTML = "index.html";
  String INDEX_JSON = "index.json";
  /** The store's own folder; no result key starts with a dot, so none can collide with it. */
  String OWN_FOLDER = ".heaplens";

  /**
   * The status record of a complete result, if there is one.
   *
   * @throws IOException the store cannot be read
   */
  Optional<ResultRecord> find(String key) throws IOException;

  /**
   * Publishes a result: removes the old status record, writes the report and JSON when given
   * (either may be null, as for a failed analysis), then writes the record.
   *
   * @throws IOException the store cannot be written; the result is then absent, never half there
   */
  void publish(ResultRecord record, Path report, Path json) throws IOException;

  /**
   * Replaces the list of skipped inputs written under {@code writer} (a shard's name).
   *
   * @throws IOException the store cannot be written
   */
  void publishSkipped(String writer, List<ResultRecord> skipped) throws IOException;

  /**
   * Every complete result and every skipped input in the store, whoever wrote them.
   *
   * @throws IOException the store cannot be read
   */
  List<ResultRecord> all() throws IOException;

  /**
   * Writes a top-level document (the index pages), replacing it whole.
   *
   * @throws IOException the store cannot be written
   */
  void writeTopLevel(String name, byte[] content, String contentType) throws IOException;

  /**
   * Removes a result: its record first, then its documents.
   *
   * @throws IOException the store cannot be written
   */
  void delete(String key) throws IOException;

  /** Where this store is, for messages ({@code s3://bucket/prefix/} or a folder). */
  String describe();
}

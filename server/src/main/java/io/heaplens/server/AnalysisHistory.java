package io.heaplens.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The history of analyses, in SQLite ({@code heaplens.db} in the data folder) through its JDBC
 * driver. Every change is one statement, committed when it returns, so a server killed at any
 * moment finds on restart exactly what it had acknowledged. One connection, used by one thread at
 * a time: SQLite writes one at a time anyway, and the history is small.
 */
final class AnalysisHistory implements AutoCloseable {
  private static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<UploadedFile>> FILES = new TypeReference<>() {};
  private static final TypeReference<List<ResultRecord.TopFinding>> TOP_FINDINGS = new TypeReference<>() {};
  private static final String COLUMNS = "id, status, uploaded_at, started_at, finished_at, error, worst_severity,"
      + " findings, top_findings, files, inputs_removed_at";

  private final Connection connection;

  private AnalysisHistory(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens the history, creating it when missing.
   *
   * @throws SQLException the database cannot be opened or is of a newer version
   */
  static AnalysisHistory open(Path database) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
    try (Statement statement = connection.createStatement()) {
      // Write-ahead logging: readers never wait for the writer, and a killed process loses nothing committed.
      statement.execute("PRAGMA journal_mode=WAL");
      statement.execute("PRAGMA synchronous=FULL");
      statement.execute("PRAGMA busy_timeout=5000");
      int version;
      try (ResultSet result = statement.executeQuery("PRAGMA user_version")) {
        version = result.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        connection.close();
        throw new SQLException(database + " was written by a newer heaplens (schema " + version + ")");
      }
      statement.execute("CREATE TABLE IF NOT EXISTS analyses ("
          + " id TEXT PRIMARY KEY, status TEXT NOT NULL, uploaded_at INTEGER NOT NULL, started_at INTEGER,"
          + " finished_at INTEGER, error TEXT, worst_severity TEXT, findings INTEGER NOT NULL DEFAULT 0,"
          + " top_findings TEXT NOT NULL DEFAULT '[]', files TEXT NOT NULL, file_names TEXT NOT NULL,"
          + " inputs_removed_at INTEGER)");
      statement.execute("CREATE INDEX IF NOT EXISTS analyses_by_time ON analyses (uploaded_at)");
      statement.execute("PRAGMA user_version=" + SCHEMA_VERSION);
    }
    return new AnalysisHistory(connection);
  }

  /** Adds a queued analysis of a completed upload. */
  synchronized void addQueued(String id, Instant uploadedAt, List<UploadedFile> files) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO analyses"
        + " (id, status, uploaded_at, files, file_names) VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, AnalysisEntry.QUEUED);
      insert.setLong(3, uploadedAt.toEpochMilli());
      insert.setString(4, toJson(files));
      insert.setString(5, files.stream().map(file -> file.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining("\n")));
      insert.executeUpdate();
    }
  }

  synchronized Optional<AnalysisEntry> find(String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM analyses WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet result = select.executeQuery()) {
        return result.next() ? Optional.of(entry(result)) : Optional.empty();
      }
    }
  }

  /**
   * The analyses, newest first, whose file names contain {@code search} (any case); all when
   * {@code search} is blank.
   */
  synchronized List<AnalysisEntry> list(String search, int limit) throws SQLException {
    String pattern = "%" + (search == null ? "" : search.strip().toLowerCase(Locale.ROOT))
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM analyses"
        + " WHERE file_names LIKE ? ESCAPE '\\' ORDER BY uploaded_at DESC, id LIMIT ?")) {
      select.setString(1, pattern);
      select.setInt(2, limit);
      List<AnalysisEntry> entries = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          entries.add(entry(result));
        }
      }
      return entries;
    }
  }

  /** Every analysis id, for telling kept folders from abandoned ones. */
  synchronized Set<String> ids() throws SQLException {
    Set<String> ids = new LinkedHashSet<>();
    try (Statement select = connection.createStatement();
        ResultSet result = select.executeQuery("SELECT id FROM analyses")) {
      while (result.next()) {
        ids.add(result.getString(1));
      }
    }
    return ids;
  }

  /**
   * Puts every analysis that was running back in the queue (its run was cut short by the end of the
   * server) and returns the ids of all queued ones, oldest first.
   */
  synchronized List<String> requeueUnfinished() throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE analyses SET status = ?, started_at = NULL WHERE status = ?")) {
      update.setString(1, AnalysisEntry.QUEUED);
      update.setString(2, AnalysisEntry.RUNNING);
      update.executeUpdate();
    }
    List<String> queued = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id FROM analyses WHERE status = ? ORDER BY uploaded_at, id")) {
      select.setString(1, AnalysisEntry.QUEUED);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          queued.add(result.getString(1));
        }
      }
    }
    return queued;
  }

  synchronized void markRunning(String id, Instant startedAt) throws SQLException {
    update("UPDATE analyses SET status = ?, started_at = ? WHERE id = ?",
        AnalysisEntry.RUNNING, startedAt.toEpochMilli(), id);
  }

  synchronized void markDone(String id, ResultSummary summary, Instant finishedAt) throws SQLException {
    update("UPDATE analyses SET status = ?, finished_at = ?, error = NULL, worst_severity = ?, findings = ?,"
        + " top_findings = ? WHERE id = ?", AnalysisEntry.DONE, finishedAt.toEpochMilli(), summary.worstSeverity(),
        summary.findings(), toJson(summary.topFindings()), id);
  }

  synchronized void markFailed(String id, String error, Instant finishedAt) throws SQLException {
    update("UPDATE analyses SET status = ?, finished_at = ?, error = ? WHERE id = ?",
        AnalysisEntry.FAILED, finishedAt.toEpochMilli(), error, id);
  }

  /** The analyses that ended before {@code cutoff} and still have their uploaded files. */
  synchronized List<String> finishedBeforeWithInputs(Instant cutoff) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT id FROM analyses"
        + " WHERE finished_at IS NOT NULL AND finished_at < ? AND inputs_removed_at IS NULL")) {
      select.setLong(1, cutoff.toEpochMilli());
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          ids.add(result.getString(1));
        }
      }
    }
    return ids;
  }

  synchronized void markInputsRemoved(String id, Instant removedAt) throws SQLException {
    update("UPDATE analyses SET inputs_removed_at = ? WHERE id = ?", removedAt.toEpochMilli(), id);
  }

  /** Removes an analysis; false when there was none with that id. */
  synchronized boolean delete(String id) throws SQLException {
    return update("DELETE FROM analyses WHERE id = ?", id) > 0;
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }

  private int update(String sql, Object... values) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        update.setObject(i + 1, values[i]);
      }
      return update.executeUpdate();
    }
  }

  private static AnalysisEntry entry(ResultSet row) throws SQLException {
    try {
      return new AnalysisEntry(row.getString("id"), row.getString("status"), instant(row, "uploaded_at"),
          instant(row, "started_at"), instant(row, "finished_at"), row.getString("error"),
          row.getString("worst_severity"), row.getInt("findings"),
          JSON.readValue(row.getString("top_findings"), TOP_FINDINGS), JSON.readValue(row.getString("files"), FILES),
          instant(row, "inputs_removed_at"));
    } catch (IOException e) {
      throw new SQLException("unreadable history row " + row.getString("id") + ": " + e.getMessage(), e);
    }
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static String toJson(Object value) throws SQLException {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new SQLException("cannot write " + value + " as JSON", e);
    }
  }
}

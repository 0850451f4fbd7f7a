package io.heaplens.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link ResultStore} in a local folder. Every file is written under a temporary name in its
 * final folder and renamed into place, so a process killed at any moment leaves whole files or
 * none, and the status record is renamed last.
 */
public final class LocalResultStore implements ResultStore {
  private static final String TEMPORARY_SUFFIX = ".partial";
  private static final String SKIPPED_PREFIX = "skipped-";

  private final Path root;
  private final String display;

  public LocalResultStore(Path root) {
    this.display = root.toString();
    this.root = root.toAbsolutePath().normalize();
  }

  /** The folder of a result. */
  public Path folder(String key) {
    Path folder = root.resolve(key).normalize();
    if (!folder.startsWith(root) || folder.equals(root) || key.startsWith(".")) {
      throw new IllegalArgumentException("not a result key: " + key);
    }
    return folder;
  }

  @Override
  public Optional<ResultRecord> find(String key) throws IOException {
    Path status = folder(key).resolve(STATUS);
    try {
      return Optional.of(ResultRecord.fromJson(Files.readAllBytes(status)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void publish(ResultRecord record, Path report, Path json) throws IOException {
    Path folder = folder(record.key());
    Files.createDirectories(folder);
    Files.deleteIfExists(folder.resolve(STATUS));
    if (report != null) {
      placeCopy(report, folder.resolve(REPORT));
    }
    if (json != null) {
      placeCopy(json, folder.resolve(JSON));
    }
    place(record.toJson(), folder.resolve(STATUS));
  }

  @Override
  public void publishSkipped(String writer, List<ResultRecord> skipped) throws IOException {
    Path own = root.resolve(OWN_FOLDER);
    Files.createDirectories(own);
    place(ResultRecord.JSON.writeValueAsBytes(skipped), own.resolve(SKIPPED_PREFIX + writer + ".json"));
  }

  @Override
  public List<ResultRecord> all() throws IOException {
    List<ResultRecord> records = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return records;
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(file -> file.getFileName().toString().equals(STATUS))
          .filter(file -> !root.relativize(file).startsWith(OWN_FOLDER))
          .sorted(Comparator.naturalOrder())
          .forEach(file -> records.add(readRecord(file)));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Path own = root.resolve(OWN_FOLDER);
    if (Files.isDirectory(own)) {
      try (DirectoryStream<Path> lists = Files.newDirectoryStream(own, SKIPPED_PREFIX + "*.json")) {
        for (Path list : lists) {
          records.addAll(ResultRecord.JSON.readValue(list.toFile(), new TypeReference<List<ResultRecord>>() {}));
        }
      }
    }
    return records;
  }

  @Override
  public void writeTopLevel(String name, byte[] content, String contentType) throws IOException {
    Files.createDirectories(root);
    place(content, root.resolve(name));
  }

  @Override
  public void delete(String key) throws IOException {
    Path folder = folder(key);
    Files.deleteIfExists(folder.resolve(STATUS));
    Files.deleteIfExists(folder.resolve(REPORT));
    Files.deleteIfExists(folder.resolve(JSON));
  }

  @Override
  public String describe() {
    return display;
  }

  private static ResultRecord readRecord(Path file) {
    try {
      return ResultRecord.fromJson(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("unreadable result record " + file + ": " + e.getMessage(), e));
    }
  }

  private static void placeCopy(Path source, Path target) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
    Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void place(byte[] content, Path target) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
    Files.write(temporary, content);
    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

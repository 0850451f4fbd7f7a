package io.heaplens.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A local folder, walked recursively without following symbolic links (a link must not take the
 * scan outside the folder). A file's version is its modification time.
 */
public final class LocalSource implements Source {
  private final Path root;
  private final Path excluded;

  /**
   * @param root the folder to scan
   * @param excluded a folder inside it to leave out (the scan's own output), or null
   */
  public LocalSource(Path root, Path excluded) {
    this.root = root.toAbsolutePath().normalize();
    this.excluded = excluded == null ? null : excluded.toAbsolutePath().normalize();
  }

  @Override
  public List<SourceObject> list() throws IOException {
    List<SourceObject> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(file -> excluded == null || !file.startsWith(excluded))
          .forEach(file -> {
            try {
              BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                  java.nio.file.LinkOption.NOFOLLOW_LINKS);
              if (attributes.isRegularFile()) {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                objects.add(new SourceObject(key, attributes.size(),
                    "mtime:" + attributes.lastModifiedTime().toMillis()));
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    objects.sort(Comparator.comparing(SourceObject::key));
    return objects;
  }

  @Override
  public Path fetch(SourceObject object, Path temporaryFile, long maxBytes) throws IOException {
    Path file = root.resolve(object.key()).normalize();
    if (!file.startsWith(root)) {
      throw new IOException("key " + object.key() + " points outside " + root);
    }
    if (maxBytes >= object.bytes()) {
      return file;
    }
    try (InputStream in = Files.newInputStream(file); OutputStream out = Files.newOutputStream(temporaryFile)) {
      out.write(in.readNBytes((int) Math.min(Integer.MAX_VALUE, maxBytes)));
    }
    return temporaryFile;
  }

  @Override
  public String describe() {
    return root.toString();
  }
}

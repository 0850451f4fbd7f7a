package io.heaplens.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where the dumps are: a local folder or an S3 prefix. */
public interface Source {
  /**
   * Every object under the source, in key order.
   *
   * @throws IOException the listing failed
   */
  List<SourceObject> list() throws IOException;

  /**
   * The object as a local file: the file itself for a folder, or a copy streamed to {@code
   * temporaryFile} for an object store. At most {@code maxBytes} bytes are copied.
   *
   * @throws IOException it cannot be read
   */
  Path fetch(SourceObject object, Path temporaryFile, long maxBytes) throws IOException;

  /** Where this is, for messages. */
  String describe();
}

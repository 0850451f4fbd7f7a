package io.heaplens.server;

import io.heaplens.batch.ContentKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Receives one multipart upload (field {@value #FILE_FIELD}: a dump or a recording; optional
 * field {@value #RECORDING_FIELD}) straight to temporary files in the data folder's uploads
 * folder, computing each file's SHA-256 on the way. Memory stays the same whatever the size: one
 * read buffer at a time. What is refused is refused while reading, and leaves nothing behind:
 * <ul>
 *   <li>more than {@code maxUpload} bytes: 413 (at once when the request says its length);
 *   <li>a file whose first bytes are not a heap dump or recording: 415, with the reason;
 *   <li>less than {@code keepFree} bytes left on the disk: 507;
 *   <li>a body that is not well-formed multipart: 400.
 * </ul>
 */
final class UploadReceiver {
  static final String FILE_FIELD = "file";
  static final String RECORDING_FIELD = "recording";
  private static final int READ_BUFFER = 64 * 1024;
  /** Room for the multipart boundaries and headers around the files. */
  private static final long MULTIPART_OVERHEAD = 64 * 1024;
  private static final long DISK_CHECK_EVERY = 64L << 20;
  private static final int MAX_PARTS = 16;

  private final Path uploads;
  private final long maxUpload;
  private final long keepFree;

  UploadReceiver(Path uploads, long maxUpload, long keepFree) {
    this.uploads = uploads;
    this.maxUpload = maxUpload;
    this.keepFree = keepFree;
  }

  /** The files of a complete upload, still in the uploads folder under temporary names. */
  record Received(List<UploadedFile> files, List<Path> temporaryFiles) {}

  /**
   * Reads the whole upload.
   *
   * @throws UploadRejected the upload is refused; nothing of it is kept
   * @throws IOException the connection or the disk failed; nothing of it is kept
   */
  Received receive(Request request) throws UploadRejected, IOException {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String boundary = contentType == null ? null : MultiPart.extractBoundary(contentType);
    if (boundary == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new UploadRejected(415, "send the dump as multipart/form-data with a field named " + FILE_FIELD);
    }
    long declared = request.getLength();
    if (declared > maxUpload + MULTIPART_OVERHEAD) {
      throw tooLarge();
    }
    checkFreeSpace(Math.max(0, declared));
    Parts parts = new Parts();
    MultiPart.Parser parser = new MultiPart.Parser(boundary, parts);
    parser.setMaxParts(MAX_PARTS);
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (parts.rejection == null && !parts.complete) {
        // A fresh buffer each time: the parser may hand out slices of it that must stay valid.
        byte[] buffer = new byte[READ_BUFFER];
        int read = in.read(buffer);
        if (read < 0) {
          parser.parse(Content.Chunk.EOF);
          break;
        }
        parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, read), false));
        if (parts.failure != null) {
          throw parts.failure;
        }
      }
      if (parts.rejection != null) {
        throw parts.rejection;
      }
      if (!parts.complete) {
        throw new UploadRejected(400, "the upload ended before its last part was complete");
      }
      return parts.result();
    } catch (UploadRejected | IOException | RuntimeException e) {
      parts.discard();
      throw e;
    }
  }

  private UploadRejected tooLarge() {
    return new UploadRejected(413, "the upload is larger than this server's limit of " + Sizes.format(maxUpload)
        + " (heaplens serve --max-upload)");
  }

  private void checkFreeSpace(long stillToWrite) throws IOException, UploadRejected {
    long usable = Files.getFileStore(uploads).getUsableSpace();
    if (usable - stillToWrite < keepFree) {
      throw new UploadRejected(507, "the server's disk has " + Sizes.format(usable) + " free, and uploads must leave "
          + Sizes.format(keepFree) + " (heaplens serve --keep-free); delete old analyses or free some space");
    }
  }

  /** One file part being written. */
  private static final class FilePart {
    final String field;
    final String name;
    final Path path;
    final FileChannel channel;
    final MessageDigest digest;
    long bytes;
    ContentKind kind;

    FilePart(String field, String name, Path path) throws IOException {
      this.field = field;
      this.name = name;
      this.path = path;
      this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }
  }

  /** Follows the parser: writes file parts, counts every byte, checks content and disk. */
  private final class Parts implements MultiPart.Parser.Listener {
    final List<FilePart> files = new ArrayList<>();
    FilePart current;
    String currentDisposition;
    long total;
    long nextDiskCheck = DISK_CHECK_EVERY;
    boolean complete;
    UploadRejected rejection;
    IOException failure;

    @Override
    public void onPartBegin() {
      current = null;
      currentDisposition = null;
    }

    @Override
    public void onPartHeader(String name, String value) {
      if (name.equalsIgnoreCase("Content-Disposition")) {
        currentDisposition = value;
      }
    }

    @Override
    public void onPartHeaders() {
      if (stopped() || currentDisposition == null) {
        return;
      }
      ContentDisposition disposition = ContentDisposition.parse(currentDisposition);
      String field = disposition.field();
      if (!FILE_FIELD.equals(field) && !RECORDING_FIELD.equals(field)) {
        return;
      }
      if (files.stream().anyMatch(file -> file.field.equals(field))) {
        rejection = new UploadRejected(400, "the upload has two parts named " + field);
        return;
      }
      String name = disposition.fileName() == null || disposition.fileName().isBlank() ? field : disposition.fileName();
      try {
        current = new FilePart(field, name, uploads.resolve(AccessControl.randomHex(16) + ".partial"));
        files.add(current);
      } catch (IOException e) {
        failure = e;
      }
    }

    @Override
    public void onPartContent(Content.Chunk chunk) {
      if (stopped()) {
        return;
      }
      ByteBuffer content = chunk.getByteBuffer();
      total += content.remaining();
      if (total > maxUpload) {
        rejection = tooLarge();
        return;
      }
      if (current == null) {
        return;
      }
      try {
        current.digest.update(content.duplicate());
        current.bytes += content.remaining();
        while (content.hasRemaining()) {
          current.channel.write(content);
        }
        if (current.kind == null && current.bytes >= ContentKind.SNIFF_BYTES) {
          checkContent(current);
        }
        if (total >= nextDiskCheck) {
          nextDiskCheck += DISK_CHECK_EVERY;
          checkFreeSpace(0);
        }
      } catch (UploadRejected e) {
        rejection = e;
      } catch (IOException e) {
        failure = e;
      }
    }

    @Override
    public void onPartEnd() {
      if (stopped() || current == null) {
        return;
      }
      try {
        current.channel.close();
        if (current.kind == null) {
          checkContent(current);
        }
      } catch (UploadRejected e) {
        rejection = e;
      } catch (IOException e) {
        failure = e;
      }
      current = null;
    }

    @Override
    public void onComplete() {
      complete = !stopped();
    }

    @Override
    public void onFailure(Throwable cause) {
      if (!stopped()) {
        rejection = new UploadRejected(400, "the upload is not well-formed multipart/form-data: " + cause.getMessage());
      }
    }

    private boolean stopped() {
      return rejection != null || failure != null;
    }

    private void checkContent(FilePart part) throws IOException, UploadRejected {
      ContentKind.Detected detected = ContentKind.detect(part.path, part.bytes);
      if (detected.kind() == ContentKind.NOT_ANALYZABLE) {
        throw new UploadRejected(415, "the " + part.field + " part is not a heap dump or a flight recording: "
            + detected.reason());
      }
      if (part.field.equals(RECORDING_FIELD) && detected.kind() != ContentKind.RECORDING) {
        throw new UploadRejected(415, "the recording part is not a flight recording (it is a heap dump);"
            + " send the dump as the file part");
      }
      part.kind = detected.kind();
    }

    Received result() throws UploadRejected {
      FilePart file = files.stream().filter(part -> part.field.equals(FILE_FIELD)).findFirst()
          .orElseThrow(() -> new UploadRejected(400, "the upload has no file part named " + FILE_FIELD));
      boolean twoRecordings = file.kind == ContentKind.RECORDING && files.size() > 1;
      if (twoRecordings) {
        throw new UploadRejected(400, "both parts are flight recordings; send a heap dump as the file part,"
            + " or one recording alone");
      }
      List<UploadedFile> uploaded = new ArrayList<>();
      List<Path> paths = new ArrayList<>();
      for (FilePart part : files) {
        boolean dump = part.kind == ContentKind.HEAP_DUMP;
        uploaded.add(new UploadedFile(part.field, part.name, dump ? "heapDump" : "recording", part.bytes,
            HexFormat.of().formatHex(part.digest.digest()), dump ? DataFolder.HEAP_DUMP : DataFolder.RECORDING));
        paths.add(part.path);
      }
      return new Received(uploaded, paths);
    }

    void discard() throws IOException {
      for (FilePart part : files) {
        part.channel.close();
        Files.deleteIfExists(part.path);
      }
    }
  }
}

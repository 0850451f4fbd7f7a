package io.heaplens.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under an S3 prefix. Listing follows every page; an object is streamed to a file,
 * never held in memory, and only in the version that was listed (If-Match on its ETag), so a dump
 * replaced mid-scan is not analyzed under the old one's identity.
 */
public final class S3Source implements Source {
  private final S3Client s3;
  private final S3Location location;

  public S3Source(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.location = location;
  }

  @Override
  public List<SourceObject> list() throws IOException {
    List<SourceObject> objects = new ArrayList<>();
    try {
      ListObjectsV2Request request = ListObjectsV2Request.builder()
          .bucket(location.bucket()).prefix(location.prefix()).build();
      for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
        if (object.key().endsWith("/")) {
          continue; // a "folder" marker (consoles and some stores make them), never a dump
        }
        objects.add(new SourceObject(object.key().substring(location.prefix().length()), object.size(),
            "etag:" + object.eTag()));
      }
    } catch (SdkException e) {
      throw S3Connection.describe(e, "cannot list " + location);
    }
    return objects;
  }

  @Override
  public Path fetch(SourceObject object, Path temporaryFile, long maxBytes) throws IOException {
    Files.deleteIfExists(temporaryFile);
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(location.bucket()).key(location.key(object.key()));
    if (object.version().startsWith("etag:")) {
      request.ifMatch(object.version().substring("etag:".length()));
    }
    if (maxBytes < object.bytes()) {
      request.range("bytes=0-" + (maxBytes - 1));
    }
    try {
      s3.getObject(request.build(), ResponseTransformer.toFile(temporaryFile));
    } catch (SdkException e) {
      Files.deleteIfExists(temporaryFile);
      throw S3Connection.describe(e, "cannot download " + location + object.key());
    }
    return temporaryFile;
  }

  @Override
  public String describe() {
    return location.toString();
  }
}

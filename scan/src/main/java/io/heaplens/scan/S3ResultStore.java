package io.heaplens.scan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heaplens.batch.ResultRecord;
import io.heaplens.batch.ResultStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link ResultStore} under an S3 prefix. A PUT is atomic (an object is there whole or not at
 * all), so the status record, PUT last, marks a complete result; it is deleted before a result is
 * replaced. Shards on different machines share nothing but this prefix.
 */
public final class S3ResultStore implements ResultStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SKIPPED_PREFIX = OWN_FOLDER + "/skipped-";

  private final S3Client s3;
  private final S3Location location;

  public S3ResultStore(S3Client s3, S3Location location) {
    this.s3 = s3;
    this.location = location;
  }

  @Override
  public Optional<ResultRecord> find(String key) throws IOException {
    byte[] bytes = getIfPresent(location.key(key + "/" + STATUS));
    return bytes == null ? Optional.empty() : Optional.of(ResultRecord.fromJson(bytes));
  }

  @Override
  public void publish(ResultRecord record, Path report, Path json) throws IOException {
    String folder = record.key() + "/";
    deleteObject(location.key(folder + STATUS));
    if (report != null) {
      put(folder + REPORT, RequestBody.fromFile(report), "text/html; charset=utf-8");
    }
    if (json != null) {
      put(folder + JSON, RequestBody.fromFile(json), "application/json");
    }
    put(folder + STATUS, RequestBody.fromBytes(record.toJson()), "application/json");
  }

  @Override
  public void publishSkipped(String writer, List<ResultRecord> skipped) throws IOException {
    put(SKIPPED_PREFIX + writer + ".json", RequestBody.fromBytes(MAPPER.writeValueAsBytes(skipped)),
        "application/json");
  }

  @Override
  public List<ResultRecord> all() throws IOException {
    List<ResultRecord> records = new ArrayList<>();
    List<String> skippedLists = new ArrayList<>();
    try {
      ListObjectsV2Request request = ListObjectsV2Request.builder()
          .bucket(location.bucket()).prefix(location.prefix()).build();
      for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
        String relative = object.key().substring(location.prefix().length());
        if (relative.startsWith(SKIPPED_PREFIX) && relative.endsWith(".json")) {
          skippedLists.add(object.key());
        } else if (relative.endsWith("/" + STATUS) && !relative.startsWith(OWN_FOLDER + "/")) {
          byte[] bytes = getIfPresent(object.key());
          if (bytes != null) {
            records.add(ResultRecord.fromJson(bytes));
          }
        }
      }
    } catch (SdkException e) {
      throw S3Connection.describe(e, "cannot list the results under " + location);
    }
    for (String list : skippedLists) {
      byte[] bytes = getIfPresent(list);
      if (bytes != null) {
        records.addAll(MAPPER.readValue(bytes, new TypeReference<List<ResultRecord>>() {}));
      }
    }
    return records;
  }

  @Override
  public void writeTopLevel(String name, byte[] content, String contentType) throws IOException {
    put(name, RequestBody.fromBytes(content), contentType);
  }

  @Override
  public void delete(String key) throws IOException {
    for (String name : List.of(STATUS, REPORT, JSON)) {
      deleteObject(location.key(key + "/" + name));
    }
  }

  @Override
  public String describe() {
    return location.toString();
  }

  private void put(String relativeKey, RequestBody body, String contentType) throws IOException {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key(relativeKey))
          .contentType(contentType).build(), body);
    } catch (SdkException e) {
      throw S3Connection.describe(e, "cannot write " + location + relativeKey);
    }
  }

  private void deleteObject(String fullKey) throws IOException {
    try {
      s3.deleteObject(DeleteObjectRequest.builder().bucket(location.bucket()).key(fullKey).build());
    } catch (SdkException e) {
      throw S3Connection.describe(e, "cannot delete s3://" + location.bucket() + "/" + fullKey);
    }
  }

  private byte[] getIfPresent(String fullKey) throws IOException {
    try {
      return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(location.bucket()).key(fullKey).build())
          .asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    } catch (SdkException e) {
      throw S3Connection.describe(e, "cannot read s3://" + location.bucket() + "/" + fullKey);
    }
  }
}

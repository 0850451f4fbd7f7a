package io.heaplens.scan;

import java.io.IOException;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Builds the S3 client: credentials and region from the SDK's default chains (environment,
 * profile, container and instance roles), the endpoint from {@code --endpoint-url} or the standard
 * {@code AWS_ENDPOINT_URL}, and settings that work with AWS and with S3-compatible stores alike.
 */
public final class S3Connection {
  private static final int MAX_ATTEMPTS = 6;

  private S3Connection() {}

  /**
   * @param endpoint an endpoint URL, or null for AWS_ENDPOINT_URL or else AWS itself
   * @param pathStyle address buckets as {@code host/bucket/key} (most S3-compatible stores) rather
   *     than {@code bucket.host/key}; implied by an explicit endpoint
   */
  public static S3Client open(String endpoint, boolean pathStyle) {
    String url = endpoint != null ? endpoint : System.getenv("AWS_ENDPOINT_URL");
    S3ClientBuilder builder = S3Client.builder()
        .region(region())
        // Since SDK 2.30 every request carries a CRC checksum by default; many compatible stores
        // reject those headers. Checksums only where the API requires them work everywhere.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(config -> config.retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build()))
        .forcePathStyle(pathStyle || url != null);
    if (url != null) {
      builder.endpointOverride(URI.create(url));
    }
    return builder.build();
  }

  /** The region from the default chain, or us-east-1 (which S3-compatible stores accept) without one. */
  private static Region region() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  /** An SDK failure as an IOException with one line saying what failed and what to check. */
  static IOException describe(SdkException e, String action) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
      String hint = switch (s3.statusCode()) {
        case 403 -> "; check the credentials and the bucket's permissions";
        case 404 -> "; check the bucket name";
        default -> "";
      };
      return new IOException(action + ": S3 answered " + s3.statusCode() + " " + code + hint, e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    return new IOException(action + ": " + message + "; check --endpoint-url, the network and the credentials", e);
  }
}

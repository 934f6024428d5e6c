package io.lakesync.lakefs;

import io.lakesync.config.LakeFsSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 client for lakeFS's S3 gateway: path style (the bucket is the repository, the first key
 * segment the ref), explicit credentials so the AWS default chain never probes instance metadata,
 * and a fixed region since the gateway accepts any.
 */
public final class S3Gateway {
  /** lakeFS accepts any SigV4 region; a fixed one keeps the AWS SDK from looking it up. */
  public static final Region REGION = Region.US_EAST_1;

  private S3Gateway() {}

  public static S3Client client(LakeFsSettings settings) {
    return S3Client.builder()
        .endpointOverride(settings.s3Endpoint())
        .forcePathStyle(true)
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    settings.accessKeyId(), settings.secretAccessKey().reveal())))
        // The SDK's default since 2.30 signs a streaming checksum trailer on every upload, which
        // lakeFS's gateway rejects (403); checksums only where an operation requires them.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}

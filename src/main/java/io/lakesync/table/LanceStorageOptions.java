package io.lakesync.table;

import io.lakesync.config.LakeFsSettings;
import java.util.Map;

/**
 * Lance object-store options for lakeFS's S3 gateway. The same keys work for the stock LanceDB
 * clients, so this is also what the docs tell users to pass.
 */
public final class LanceStorageOptions {
  private LanceStorageOptions() {}

  public static Map<String, String> forLakeFs(LakeFsSettings settings) {
    String endpoint = settings.s3Endpoint().toString();
    return Map.of(
        // Explicit credentials: otherwise Lance falls back to the AWS chain and probes metadata.
        "aws_access_key_id", settings.accessKeyId(),
        "aws_secret_access_key", settings.secretAccessKey().reveal(),
        "aws_endpoint", endpoint,
        "aws_region", "us-east-1",
        // Without it an http:// endpoint fails with an opaque "builder error".
        "allow_http", Boolean.toString(endpoint.startsWith("http://")));
  }
}

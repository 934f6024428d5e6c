package io.lakesync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * How to reach lakeFS, resolved (from the file's {@link LakeFsConfig} and the environment) and
 * ready to connect with: one endpoint serves both the REST API ({@code /api/v1}) and the S3 gateway
 * (path style, bucket = repository).
 *
 * @param endpoint the server's base URL, e.g. {@code http://127.0.0.1:8000}, without {@code
 *     /api/v1}
 */
public record LakeFsSettings(URI endpoint, String accessKeyId, Secret secretAccessKey) {
  public static final String ENDPOINT_VARIABLE = "LAKEFS_ENDPOINT";
  public static final String ACCESS_KEY_VARIABLE = "LAKEFS_ACCESS_KEY_ID";
  public static final String SECRET_KEY_VARIABLE = "LAKEFS_SECRET_ACCESS_KEY";

  private static final String API_PATH = "/api/v1";

  public LakeFsSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /**
   * Reads {@code LAKEFS_ENDPOINT}, {@code LAKEFS_ACCESS_KEY_ID}, {@code LAKEFS_SECRET_ACCESS_KEY}.
   */
  public static LakeFsSettings fromEnvironment(Environment env) {
    return new LakeFsSettings(
        parseEndpoint(env.require(ENDPOINT_VARIABLE)),
        env.require(ACCESS_KEY_VARIABLE),
        Secret.of(env.require(SECRET_KEY_VARIABLE)));
  }

  /**
   * Accepts the base URL with or without a trailing {@code /api/v1}, since users copy either form
   * from lakectl configs and lakeFS docs.
   */
  static URI parseEndpoint(String raw) {
    String base = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    if (base.endsWith(API_PATH)) {
      base = base.substring(0, base.length() - API_PATH.length());
    }
    URI uri;
    try {
      uri = new URI(base);
    } catch (URISyntaxException e) {
      throw new ConfigException(ENDPOINT_VARIABLE, "is not a URL: " + e.getMessage());
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new ConfigException(ENDPOINT_VARIABLE, "must be an http:// or https:// URL");
    }
    if (uri.getHost() == null) {
      throw new ConfigException(ENDPOINT_VARIABLE, "has no host");
    }
    return uri;
  }

  /** The REST API base path the lakeFS SDK needs. */
  public String apiBasePath() {
    return endpoint + API_PATH;
  }

  /** The S3 gateway endpoint: the server's root. */
  public URI s3Endpoint() {
    return endpoint;
  }
}

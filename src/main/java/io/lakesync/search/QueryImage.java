package io.lakesync.search;

import java.util.Objects;

/**
 * The image an image-to-image search looks for: bytes given directly (a local file on the command
 * line), or an object in lakeFS named by {@code lakefs://<repository>/<ref>/<path>}, read as the
 * caller. Over HTTP only the latter is accepted, so a request can never make the service read its
 * own files.
 */
public sealed interface QueryImage {
  String SCHEME = "lakefs://";

  /** How the query is shown in the answer: the URI, or the file name. */
  String label();

  /** Image bytes from the caller (a local file). */
  record Bytes(String label, byte[] content) implements QueryImage {
    public Bytes {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(content, "content");
    }
  }

  /** An object in lakeFS, read through the S3 gateway with the caller's key pair. */
  record LakeFsObject(String repository, String ref, String path) implements QueryImage {
    @Override
    public String label() {
      return SCHEME + repository + "/" + ref + "/" + path;
    }
  }

  /**
   * Whether {@code value} names a lakeFS object ({@code lakefs://...}) rather than a local file.
   */
  static boolean isLakeFsUri(String value) {
    return value.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * {@code lakefs://<repository>/<ref>/<path>} as an object; refused (as a bad request) when a part
   * is missing.
   */
  static LakeFsObject parse(String uri) throws SearchException {
    if (!isLakeFsUri(uri)) {
      throw new SearchException(
          "the image must be a lakeFS object, lakefs://<repository>/<ref>/<path>: " + uri);
    }
    String rest = uri.substring(SCHEME.length());
    int first = rest.indexOf('/');
    int second = first < 0 ? -1 : rest.indexOf('/', first + 1);
    if (first <= 0 || second <= first + 1 || second == rest.length() - 1) {
      throw new SearchException(
          "the image must be a lakeFS object, lakefs://<repository>/<ref>/<path>: " + uri);
    }
    return new LakeFsObject(
        rest.substring(0, first), rest.substring(first + 1, second), rest.substring(second + 1));
  }
}

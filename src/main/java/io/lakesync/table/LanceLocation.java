package io.lakesync.table;

import java.util.Objects;

/**
 * Where a Lance table lives inside a lakeFS repository, as the S3 gateway addresses it: {@code
 * s3://<repository>/<ref>/<path>}. The ref can be a branch, a tag or a commit ID; readers that must
 * reproduce an answer use the commit ID.
 */
public record LanceLocation(String repository, String ref, String path) {
  public LanceLocation {
    requireSegment("repository", repository);
    requireSegment("ref", ref);
    Objects.requireNonNull(path, "path");
    if (path.isBlank() || path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException(
          "table path must be relative and not end with '/': '" + path + "'");
    }
  }

  private static void requireSegment(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.contains("/")) {
      throw new IllegalArgumentException(name + " must be a single non-empty segment: " + value);
    }
  }

  public String uri() {
    return "s3://" + repository + "/" + ref + "/" + path;
  }

  /** The same table at another ref, e.g. the commit a merge produced. */
  public LanceLocation at(String otherRef) {
    return new LanceLocation(repository, otherRef, path);
  }

  /** Another table in the same repository at the same ref. */
  public LanceLocation withPath(String otherPath) {
    return new LanceLocation(repository, ref, otherPath);
  }

  @Override
  public String toString() {
    return uri();
  }
}

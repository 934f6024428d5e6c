package io.lakesync.sync;

import java.util.Objects;

/** An object in the source commit: its path, lakeFS checksum and size. */
public record SourceObject(String path, String checksum, long sizeBytes) {
  public SourceObject {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(checksum, "checksum");
  }
}

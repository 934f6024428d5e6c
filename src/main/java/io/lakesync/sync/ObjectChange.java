package io.lakesync.sync;

import java.util.Objects;

/** One object that differs between two refs. */
public record ObjectChange(Kind kind, String path, long sizeBytes) {
  /** What happened to the object. A rename shows up as a removal plus an addition. */
  public enum Kind {
    ADDED,
    CHANGED,
    REMOVED
  }

  public ObjectChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
  }
}

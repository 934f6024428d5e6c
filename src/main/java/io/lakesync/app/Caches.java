package io.lakesync.app;

import java.nio.file.Path;

/** Where lakesync keeps unpacked models: {@code $LAKESYNC_CACHE} or {@code ~/.cache/lakesync}. */
final class Caches {
  private Caches() {}

  static Path models() {
    String root = System.getenv("LAKESYNC_CACHE");
    Path base =
        root != null && !root.isBlank()
            ? Path.of(root)
            : Path.of(System.getProperty("user.home"), ".cache", "lakesync");
    return base.resolve("models");
  }
}

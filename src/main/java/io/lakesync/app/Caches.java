package io.lakesync.app;

import io.lakesync.config.Environment;
import java.nio.file.Path;

/** Where lakesync keeps unpacked models: {@code $LAKESYNC_CACHE} or {@code ~/.cache/lakesync}. */
final class Caches {
  private Caches() {}

  static Path models() {
    return models(Environment.system());
  }

  static Path models(Environment env) {
    Path base =
        env.get("LAKESYNC_CACHE")
            .map(Path::of)
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "lakesync"));
    return base.resolve("models");
  }
}

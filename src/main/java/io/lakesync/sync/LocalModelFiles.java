package io.lakesync.sync;

import io.lakesync.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files at local paths (a mounted volume): the default where no lakeFS client is at hand. */
final class LocalModelFiles {
  private LocalModelFiles() {}

  static Path resolve(String location) {
    if (location.startsWith("lakefs://")) {
      throw new ConfigException(
          "images.dual_encoder",
          location + ": lakeFS locations are read by `sync` and `serve` only");
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new ConfigException("images.dual_encoder", "no file at " + location);
    }
    return path;
  }
}

package io.lakesync.embed;

import io.lakesync.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the model files a configuration names, by local path or {@code lakefs://} URI. */
@FunctionalInterface
public interface ModelFileSource {
  /**
   * A file at hand, and where it was read: the location with a lakeFS ref resolved to its commit.
   */
  record Fetched(Path path, String origin) {}

  /** The local file for {@code location}; a lakeFS object is copied at the ref's commit. */
  Fetched fetch(String location);

  /** Local paths only (a mounted volume), for {@code model_files}. */
  ModelFileSource LOCAL = local("model_files");

  /**
   * Local paths only (a mounted volume): where no lakeFS client is at hand. Errors name the
   * configuration {@code key} the location came from.
   */
  static ModelFileSource local(String key) {
    return location -> {
      if (location.startsWith("lakefs://")) {
        throw new ConfigException(
            key, location + ": lakeFS locations are read by `sync`, `serve` and the commands");
      }
      Path path = Path.of(location);
      if (!Files.isRegularFile(path)) {
        throw new ConfigException(key, "no file at " + location);
      }
      return new Fetched(path, path.toAbsolutePath().normalize().toString());
    };
  }
}

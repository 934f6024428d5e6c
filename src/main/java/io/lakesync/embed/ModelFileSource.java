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

  /** Local paths only (a mounted volume): where no lakeFS client is at hand. */
  ModelFileSource LOCAL =
      location -> {
        if (location.startsWith("lakefs://")) {
          throw new ConfigException(
              "model_files", location + ": lakeFS locations need a lakeFS connection here");
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
          throw new ConfigException("model_files", "no file at " + location);
        }
        return new Fetched(path, path.toAbsolutePath().normalize().toString());
      };
}

package io.lakesync.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags of lakesync's container image, read from the Dockerfile's {@code JAVA_TOOL_OPTIONS}
 * so the benchmark cannot drift from what a pod runs; only the model cache directory is moved to
 * the benchmark's.
 */
final class ContainerJvm {
  private static final Pattern OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

  private ContainerJvm() {}

  static String toolOptions(Path dockerfile, Path djlCache) throws IOException {
    Matcher m = OPTIONS.matcher(Files.readString(dockerfile));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS in " + dockerfile);
    }
    return m.group(1).replaceAll("-DDJL_CACHE_DIR=\\S+", "-DDJL_CACHE_DIR=" + djlCache);
  }
}

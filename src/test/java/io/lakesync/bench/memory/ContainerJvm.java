package io.lakesync.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags of lakesync's container image, read from the Dockerfile's {@code JAVA_TOOL_OPTIONS}
 * so the benchmark cannot drift from what a pod runs; only the model cache directory is moved to
 * the benchmark's.
 */
final class ContainerJvm {
  private static final Pattern OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");
  private static final Pattern LANCE = Pattern.compile("\\b(LANCE_[A-Z_]+)=(\\S+)");

  private ContainerJvm() {}

  static String toolOptions(Path dockerfile, Path djlCache) throws IOException {
    Matcher m = OPTIONS.matcher(Files.readString(dockerfile));
    if (!m.find()) {
      throw new IllegalStateException("no JAVA_TOOL_OPTIONS in " + dockerfile);
    }
    return m.group(1).replaceAll("-DDJL_CACHE_DIR=\\S+", "-DDJL_CACHE_DIR=" + djlCache);
  }

  /**
   * This machine's copy of the allocator the image preloads (jemalloc), when the image preloads one
   * and this machine has it (Debian's libjemalloc2); empty otherwise, and the child runs on
   * glibc's.
   */
  static java.util.Optional<String> hostPreload(Path dockerfile) throws IOException {
    if (!Files.readString(dockerfile).contains("LD_PRELOAD=/opt/lakesync/native/libjemalloc")) {
      return java.util.Optional.empty();
    }
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : "aarch64";
    Path lib = Path.of("/usr/lib", arch + "-linux-gnu", "libjemalloc.so.2");
    return Files.isReadable(lib)
        ? java.util.Optional.of(lib.toString())
        : java.util.Optional.empty();
  }

  /** The Lance settings ({@code LANCE_*}) the image's environment sets. */
  static Map<String, String> lanceEnvironment(Path dockerfile) throws IOException {
    Map<String, String> env = new TreeMap<>();
    Matcher m = LANCE.matcher(Files.readString(dockerfile));
    while (m.find()) {
      env.put(m.group(1), m.group(2));
    }
    return env;
  }
}

package io.lakesync.bench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command run as a user runs it, in its own process, timed from start to exit: what a user
 * waits for, start-up included. A non-zero exit fails the benchmark with the command's output.
 *
 * @param seconds wall-clock seconds from start to exit
 * @param stdout the command's standard output
 */
record TimedProcess(double seconds, String stdout) {

  static TimedProcess run(Path workDir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("bench-pipeline", ".out");
    Path err = Files.createTempFile("bench-pipeline", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      long start = System.nanoTime();
      int exit = builder.start().waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (exit != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited "
                + exit
                + ":\n"
                + stdout
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new TimedProcess(seconds, stdout);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The last line of the output: the JSON object both pipelines end with. */
  String lastLine() {
    List<String> lines = stdout.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}

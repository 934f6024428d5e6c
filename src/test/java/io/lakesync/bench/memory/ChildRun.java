package io.lakesync.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One measured child process: its own JVM, so each peak is its own. The command runs through {@code
 * sh -c … exec}, so the shell's pid becomes the JVM's and its {@code /proc} entry can be sampled;
 * inside a {@link MemoryCgroup} when one could be made. Its resident set is also written every
 * {@value #TIMELINE_SECONDS} s to {@code rss.tsv} beside its output, to see where it grows.
 *
 * @param exitCode the child's exit status
 * @param wallSeconds from start to exit
 * @param peakRssBytes the JVM's VmHWM (resident-set high-water mark), last read 50 ms or less
 *     before it exited
 * @param cgroupMaxUsageBytes memory.max_usage_in_bytes of its cgroup (RSS and page cache); -1
 *     without a cgroup
 * @param cgroupFailCount memory.failcnt: how often it hit the limit; -1 without a cgroup
 * @param gc what its GC log says about the heap
 * @param output its stdout and stderr
 */
record ChildRun(
    int exitCode,
    double wallSeconds,
    long peakRssBytes,
    double peakRssAt,
    long cgroupMaxUsageBytes,
    long cgroupFailCount,
    GcLog gc,
    List<String> output) {
  static final int TIMELINE_SECONDS = 5;

  static ChildRun run(
      String command, Map<String, String> env, Optional<MemoryCgroup> cgroup, Path gcLog, Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("output.txt");
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", cgroup.map(c -> c.enter(command)).orElse("exec " + command))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().putAll(env);
    long t0 = System.nanoTime();
    Process process = builder.start();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long hwm = 0;
    long peakAt = t0;
    long nextSample = t0;
    StringBuilder timeline = new StringBuilder("seconds\tVmRSS MiB\n");
    while (process.isAlive()) {
      long now = memoryLine(status, "VmHWM:");
      if (now > hwm) {
        hwm = now;
        peakAt = System.nanoTime();
      }
      if (System.nanoTime() >= nextSample) {
        timeline.append(
            String.format(
                java.util.Locale.ROOT,
                "%.0f\t%d%n",
                (System.nanoTime() - t0) / 1e9,
                memoryLine(status, "VmRSS:") >> 20));
        nextSample += TIMELINE_SECONDS * 1_000_000_000L;
      }
      Thread.sleep(50);
    }
    Files.writeString(dir.resolve("rss.tsv"), timeline);
    int exit = process.waitFor();
    long end = System.nanoTime();
    double wall = (end - t0) / 1e9;
    List<String> lines = Files.exists(out) ? Files.readAllLines(out) : new ArrayList<>();
    GcLog gc = Files.exists(gcLog) ? GcLog.read(gcLog) : new GcLog(0, 0, 0, 0);
    return new ChildRun(
        exit,
        wall,
        hwm,
        (double) (peakAt - t0) / Math.max(1, end - t0),
        cgroup.map(MemoryCgroup::maxUsageBytes).orElse(-1L),
        cgroup.map(MemoryCgroup::failCount).orElse(-1L),
        gc,
        lines);
  }

  /** A {@code /proc/PID/status} size in bytes; 0 once the process is gone. */
  private static long memoryLine(Path status, String name) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // exited between two readings
    }
    return 0;
  }

  /** The last output line that starts with {@code prefix}, or empty. */
  Optional<String> lastLine(String prefix) {
    for (int i = output.size() - 1; i >= 0; i--) {
      if (output.get(i).startsWith(prefix)) {
        return Optional.of(output.get(i));
      }
    }
    return Optional.empty();
  }

  String tail(int lines) {
    return String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
  }
}

package io.lakesync.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A cgroup-v1 memory cgroup with a limit, for one child process: the closest thing to a pod's
 * memory limit on a machine without a container runtime. It is made inside the cgroup this JVM
 * already runs in (whatever started the benchmark keeps accounting for it), and the child joins it
 * before it execs, so the JVM sizes its heap from the limit as it would in a container.
 */
final class MemoryCgroup implements AutoCloseable {
  private static final Path ROOT = Path.of("/sys/fs/cgroup/memory");

  private final Path dir;

  private MemoryCgroup(Path dir) {
    this.dir = dir;
  }

  /** A new cgroup limited to {@code limitBytes}, or why none could be made. */
  static Optional<MemoryCgroup> create(String name, long limitBytes, StringBuilder why) {
    try {
      Path dir =
          ROOT.resolve(ownPath().substring(1)).resolve(name + "-" + ProcessHandle.current().pid());
      Files.createDirectory(dir);
      Files.writeString(dir.resolve("memory.limit_in_bytes"), Long.toString(limitBytes));
      long set = Long.parseLong(Files.readString(dir.resolve("memory.limit_in_bytes")).strip());
      if (set != limitBytes) {
        Files.delete(dir);
        why.append("the kernel set the limit to ").append(set).append(" bytes");
        return Optional.empty();
      }
      return Optional.of(new MemoryCgroup(dir));
    } catch (IOException | RuntimeException e) {
      why.append(e);
      return Optional.empty();
    }
  }

  /** This JVM's memory cgroup, from /proc/self/cgroup ({@code N:memory:/path}). */
  private static String ownPath() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && parts[1].equals("memory")) {
        return parts[2];
      }
    }
    throw new IOException("no cgroup-v1 memory controller in /proc/self/cgroup");
  }

  /**
   * {@code command} as a shell command line that moves itself into this cgroup and then execs it:
   * the process keeps its pid, and the limit applies from the JVM's first instruction.
   */
  String enter(String command) {
    return "echo $$ > " + dir.resolve("cgroup.procs") + " && exec " + command;
  }

  /** The most this cgroup was ever charged: RSS and the page cache its processes touched. */
  long maxUsageBytes() {
    return readLong("memory.max_usage_in_bytes");
  }

  /** How often a charge hit the limit (the kernel reclaimed, or would have OOM-killed). */
  long failCount() {
    return readLong("memory.failcnt");
  }

  long limitBytes() {
    return readLong("memory.limit_in_bytes");
  }

  private long readLong(String file) {
    try {
      return Long.parseLong(Files.readString(dir.resolve(file)).strip());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dir.resolve(file), e);
    }
  }

  /** Removes the cgroup; its process has exited, so it is empty. */
  @Override
  public void close() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        Files.delete(dir);
        return;
      } catch (IOException e) {
        // The kernel may still be tearing the exited process down.
        if (attempt == 20) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}

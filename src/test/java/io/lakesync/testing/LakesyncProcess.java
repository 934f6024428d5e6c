package io.lakesync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code bin/lakesync} as a real process, with its stderr watched line by line. */
public final class LakesyncProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private LakesyncProcess(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  stderr.add(line);
                }
              } catch (IOException e) {
                // the process is gone; nothing more to read
              }
            },
            "lakesync-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  public static LakesyncProcess start(List<String> args, Map<String, String> env) {
    List<String> command = new java.util.ArrayList<>();
    command.add(ProjectDir.get().resolve("bin/lakesync").toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ProjectDir.get().toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    try {
      return new LakesyncProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until stderr has a line containing {@code text}; fails if the process exits first. */
  public void awaitStderr(String text, Duration timeout) {
    Await.until(
        timeout,
        () -> {
          if (!process.isAlive() && stderr.stream().noneMatch(l -> l.contains(text))) {
            throw new AssertionError(
                "lakesync exited ("
                    + process.exitValue()
                    + ") before '"
                    + text
                    + "':\n"
                    + String.join("\n", stderr));
          }
          return stderr.stream().anyMatch(l -> l.contains(text));
        },
        () -> "no '" + text + "' on stderr:\n" + String.join("\n", stderr));
  }

  /** SIGTERM, as Kubernetes stops a pod; returns the exit code, or fails after {@code timeout}. */
  public int terminate(Duration timeout) throws InterruptedException {
    // Through the handle: Process.destroy() also closes our end of stderr, losing the last lines.
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "lakesync did not exit within " + timeout + " of SIGTERM:\n" + String.join("\n", stderr));
    }
    reader.join(10_000); // the last lines may still be in the pipe
    return process.exitValue();
  }

  /** The JVM's process id (bin/lakesync execs java). */
  public long pid() {
    return process.pid();
  }

  /** Everything written to stderr so far. */
  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** SIGKILL: no shutdown hooks, no cleanup. Returns the exit code (137). */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}

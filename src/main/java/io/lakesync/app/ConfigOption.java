package io.lakesync.app;

import io.lakesync.config.ConfigException;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option shared by the commands that work on tables, and their common exit
 * codes: 2 for bad usage or configuration (the message names the key), 1 for any other failure,
 * never a stack trace for an expected error.
 */
final class ConfigOption {
  static final int FAILED = 1;
  static final int BAD_CONFIGURATION = 2;

  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path file;

  LakesyncConfig load() {
    return LakesyncConfig.load(file);
  }

  /** The named table, or a configuration error that lists the tables there are. */
  TableConfig table(LakesyncConfig loaded, String name) {
    return loaded
        .table(name)
        .orElseThrow(
            () ->
                new ConfigException(
                    "--table",
                    "no table '"
                        + name
                        + "' in "
                        + file
                        + "; tables: "
                        + loaded.tables().stream().map(TableConfig::name).toList()));
  }

  /**
   * An exception as one line: its message, then each cause's that adds something ({@code Failed to
   * create new KafkaAdminClient: Invalid url in bootstrap.servers: x}), or the class name where
   * there is no message at all.
   */
  static String reason(Throwable e) {
    StringBuilder line = new StringBuilder();
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && line.indexOf(message.strip()) < 0) {
        line.append(line.length() == 0 ? "" : ": ").append(message.strip());
      }
    }
    String oneLine = line.toString().replaceAll("\\s*\\R\\s*", " ");
    return oneLine.isEmpty() ? e.getClass().getSimpleName() : oneLine;
  }

  /** Runs a command body, turning expected failures into a message and an exit code. */
  static int run(String command, VerboseOption verbose, PrintWriter err, Callable<Integer> body) {
    try {
      return body.call();
    } catch (ConfigException e) {
      verbose.failed(err, "lakesync " + command + ": " + e.getMessage(), e);
      return BAD_CONFIGURATION;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      verbose.failed(err, "lakesync " + command + ": interrupted", e);
      return FAILED;
    } catch (Exception e) {
      verbose.failed(err, "lakesync " + command + ": failed: " + e.getMessage(), e);
      return FAILED;
    } finally {
      err.flush();
    }
  }
}

package io.lakesync.app;

import io.lakesync.config.Environment;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --verbose} (or {@code LAKESYNC_VERBOSE=1}): a failure prints its stack trace after the
 * one-line message. The trace adds the causes and where they happened; it holds exception messages
 * and code locations only, never configuration or environment values, so no secret.
 */
final class VerboseOption {
  static final String VARIABLE = "LAKESYNC_VERBOSE";

  @Option(
      names = "--verbose",
      description = "On failure, print the stack trace too (same as LAKESYNC_VERBOSE=1).")
  boolean verbose;

  boolean on() {
    return verbose || fromEnvironment(Environment.system());
  }

  /** {@code LAKESYNC_VERBOSE} set to {@code 1} or {@code true}. */
  static boolean fromEnvironment(Environment env) {
    return env.get(VARIABLE)
        .map(v -> v.equals("1") || v.toLowerCase(Locale.ROOT).equals("true"))
        .orElse(false);
  }

  /** Prints a failure's one line and, when verbose, its stack trace. */
  void failed(PrintWriter err, String line, Throwable e) {
    err.println(line);
    if (on()) {
      e.printStackTrace(err);
    }
    err.flush();
  }
}

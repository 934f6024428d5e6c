package io.lakesync.failure;

import java.util.Objects;

/**
 * A classified failure: its kind and a one-line reason a person can act on.
 *
 * @param reason one line, never a stack trace and never a secret
 * @param cause the original throwable, for logs at debug level
 */
public record Failure(FailureKind kind, String reason, Throwable cause) {
  public Failure {
    Objects.requireNonNull(kind, "kind");
    reason = reason == null || reason.isBlank() ? "unknown error" : oneLine(reason);
  }

  static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() <= 500 ? line : line.substring(0, 497) + "...";
  }
}

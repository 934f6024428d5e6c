package io.lakesync.failure;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides what every failure of a sync means. Sources, in the order they are
 * tried:
 *
 * <ul>
 *   <li>lakeFS API answers ({@link Classified}: by HTTP status: 412 rejected, 409 conflict, 429 and
 *       5xx and no answer transient, a merge into a branch with uncommitted changes transient,
 *       anything else permanent);
 *   <li>the S3 gateway (AWS SDK: client-side errors such as a refused connection are transient;
 *       service answers by status like lakeFS's);
 *   <li>Lance, which throws unchecked exceptions from its native code: storage errors ({@code
 *       LanceError(IO)}) and a dataset closed under the writer are transient, commit conflicts are
 *       conflicts, everything else Lance says about the table is permanent, and so is an exhausted
 *       memory pool, though Lance reports it as IO;
 *   <li>Kafka ({@link RetriableException} transient, other client errors permanent);
 *   <li>the embedder (DJL, ONNX Runtime): permanent, the model does not get better by retrying;
 *   <li>other I/O: transient; interrupts: {@link FailureKind#INTERRUPTED}.
 * </ul>
 *
 * Anything else unchecked that did not come from one of these libraries is a {@link
 * FailureKind#BUG} in lakesync, as is every {@link Error}: those end the process.
 */
public final class FailureClassifier {
  private FailureClassifier() {}

  public static Failure classify(Throwable thrown) {
    Throwable t = unwrap(thrown);
    String reason = reason(t);
    return new Failure(kind(t), reason, t);
  }

  private static FailureKind kind(Throwable t) {
    if (t instanceof Error) {
      return FailureKind.BUG;
    }
    if (interrupted(t)) {
      return FailureKind.INTERRUPTED;
    }
    if (t instanceof Classified classified) {
      return classified.kind();
    }
    if (t instanceof SdkServiceException service) {
      return byHttpStatus(service.statusCode());
    }
    if (t instanceof SdkClientException) {
      return FailureKind.TRANSIENT;
    }
    if (fromLance(t)) {
      return lance(String.valueOf(t.getMessage()));
    }
    if (t instanceof RetriableException) {
      return FailureKind.TRANSIENT;
    }
    if (t instanceof KafkaException) {
      return FailureKind.PERMANENT;
    }
    if (fromEmbedder(t)) {
      return FailureKind.PERMANENT;
    }
    if (t instanceof IOException) {
      return FailureKind.TRANSIENT;
    }
    if (t instanceof io.lakesync.config.ConfigException) {
      return FailureKind.PERMANENT;
    }
    return FailureKind.BUG;
  }

  /** lakeFS and the S3 gateway answer with the same statuses and mean the same by them. */
  public static FailureKind byHttpStatus(int status) {
    if (status == 412) {
      return FailureKind.REJECTED;
    }
    if (status == 409) {
      return FailureKind.CONFLICT;
    }
    if (status == 0 || status == 408 || status == 429 || status >= 500) {
      return FailureKind.TRANSIENT;
    }
    return FailureKind.PERMANENT;
  }

  /**
   * Lance's native errors arrive as {@code LanceError(<kind>): …} in the message of an {@code
   * IOException}, {@code RuntimeException} or {@code IllegalArgumentException}.
   */
  static FailureKind lance(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("commitconflict")
        || m.contains("commit conflict")
        || m.contains("toomuchwritecontention")
        || m.contains("lanceerror(versionconflict")) {
      return FailureKind.CONFLICT;
    }
    if (m.contains("resources exhausted")) {
      // Lance's own memory pool (an index build's sort) ran out: the same rows and settings run
      // out again, so a retry only spins. Reported as a LanceError(IO), hence checked first.
      return FailureKind.PERMANENT;
    }
    if (m.contains("lanceerror(io)")
        || m.contains("dataset is closed")
        || m.contains("timed out")
        || m.contains("connection")) {
      return FailureKind.TRANSIENT;
    }
    return FailureKind.PERMANENT;
  }

  private static boolean fromLance(Throwable t) {
    String message = String.valueOf(t.getMessage());
    if (message.startsWith("LanceError(") || message.contains(" LanceError(")) {
      return true;
    }
    for (StackTraceElement frame : t.getStackTrace()) {
      if (frame.getClassName().startsWith("org.lance.")) {
        return true;
      }
      if (frame.getClassName().startsWith("io.lakesync.")) {
        return false;
      }
    }
    return false;
  }

  private static boolean fromEmbedder(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getName();
      if (name.startsWith("ai.djl.") || name.startsWith("ai.onnxruntime.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean interrupted(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InterruptedException
          || c instanceof InterruptedIOException && !(c instanceof java.net.SocketTimeoutException)
          || c instanceof ClosedByInterruptException
          || c instanceof InterruptException) {
        return true;
      }
    }
    return false;
  }

  /** Wrappers that only carry another failure: classify what they carry. */
  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof ExecutionException
            || current instanceof CompletionException
            || current instanceof UncheckedIOException
            || current instanceof java.lang.reflect.UndeclaredThrowableException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String reason(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return t instanceof IOException || t instanceof RuntimeException
        ? message
        : t.getClass().getSimpleName() + ": " + message;
  }
}

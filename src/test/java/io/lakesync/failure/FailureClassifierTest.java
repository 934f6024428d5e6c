package io.lakesync.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.lakefs.LakeFsFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** One test per failure class and source: the classifier is the only place that decides. */
class FailureClassifierTest {
  @Test
  void lakeFsAnswersAreClassifiedByStatus() {
    assertThat(kind(lakeFs(412, "{}"))).isEqualTo(FailureKind.REJECTED);
    assertThat(kind(lakeFs(409, "{}"))).isEqualTo(FailureKind.CONFLICT);
    assertThat(kind(lakeFs(503, "{}"))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(lakeFs(429, "{}"))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(lakeFs(0, ""))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(lakeFs(403, "{}"))).isEqualTo(FailureKind.PERMANENT);
    assertThat(kind(lakeFs(400, "{\"message\":\"bad ref\"}"))).isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void aMergeIntoABranchWithUncommittedChangesIsTransient() {
    Failure failure =
        FailureClassifier.classify(
            lakeFs(400, "{\"message\":\"uncommitted changes (dirty branch)\"}"));

    assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(failure.reason()).contains("uncommitted changes").doesNotContain("\n");
  }

  @Test
  void theS3GatewaysAnswersAndTransportErrors() {
    assertThat(
            kind(SdkClientException.create("Unable to execute HTTP request: Connection refused")))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(S3Exception.builder().statusCode(503).message("SlowDown").build()))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(S3Exception.builder().statusCode(403).message("AccessDenied").build()))
        .isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void lancesUncheckedErrorsAreClassifiedByWhatLanceSays() {
    assertThat(
            kind(
                new RuntimeException(
                    "LanceError(IO): Generic S3 error: Error performing PUT: 400 Bad Request")))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(new IllegalArgumentException("LanceError(IO): connection closed")))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(lanceFrame(new IllegalArgumentException("Dataset is closed"))))
        .isEqualTo(FailureKind.TRANSIENT);
    // Seen building a B-tree on a million random keys: as IO, but a retry runs out again.
    assertThat(
            kind(
                new RuntimeException(
                    "LanceError(IO): Resources exhausted: Failed to allocate additional 608.0 KB"
                        + " for ExternalSorterMerge[0] with 30.9 MB already allocated")))
        .isEqualTo(FailureKind.PERMANENT);
    assertThat(
            kind(
                new RuntimeException(
                    "LanceError(CommitConflict): Retryable commit conflict for version 7")))
        .isEqualTo(FailureKind.CONFLICT);
    assertThat(kind(new RuntimeException("LanceError(Schema): field vector is not a list")))
        .isEqualTo(FailureKind.PERMANENT);
    assertThat(kind(lanceFrame(new UnsupportedOperationException("not supported"))))
        .isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void kafkaRetriableErrorsAreTransientOthersPermanent() {
    assertThat(kind(new NotEnoughReplicasException("2 of 3"))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(new AuthorizationException("denied"))).isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void theEmbeddersFailuresArePermanent() {
    assertThat(kind(new ai.djl.translate.TranslateException("input too long")))
        .isEqualTo(FailureKind.PERMANENT);
    assertThat(kind(new IllegalStateException("wrapped", new ai.djl.engine.EngineException("ort"))))
        .isEqualTo(FailureKind.PERMANENT);
  }

  @Test
  void otherIoIsTransientAndWrappersAreLookedThrough() {
    assertThat(kind(new ConnectException("Connection refused"))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(new SocketTimeoutException("read timed out"))).isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(new UncheckedIOException(new IOException("reset"))))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(kind(new ExecutionException(lakeFs(409, "{}")))).isEqualTo(FailureKind.CONFLICT);
  }

  @Test
  void interruptsStopAndDefectsInLakesyncAreBugs() {
    assertThat(kind(new InterruptedIOException("interrupted"))).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(kind(new InterruptedException())).isEqualTo(FailureKind.INTERRUPTED);
    assertThat(kind(new NullPointerException("row"))).isEqualTo(FailureKind.BUG);
    assertThat(kind(new IllegalStateException("impossible"))).isEqualTo(FailureKind.BUG);
    assertThat(kind(new OutOfMemoryError("heap"))).isEqualTo(FailureKind.BUG);
  }

  @Test
  void reasonsAreOneLine() {
    Failure failure = FailureClassifier.classify(new IOException("line one\n  line two\r\nthree"));

    assertThat(failure.reason()).isEqualTo("line one line two three");
  }

  private static FailureKind kind(Throwable t) {
    return FailureClassifier.classify(t).kind();
  }

  private static LakeFsFailure lakeFs(int status, String body) {
    return LakeFsFailure.of("merge", status, body);
  }

  /** An exception as Lance's JNI code throws it: its top frame is in org.lance. */
  private static <T extends RuntimeException> T lanceFrame(T e) {
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("org.lance.Dataset", "nativeScan", "Dataset.java", -2),
          new StackTraceElement(
              "io.lakesync.table.EmbeddingTable", "scan", "EmbeddingTable.java", 1)
        });
    return e;
  }
}

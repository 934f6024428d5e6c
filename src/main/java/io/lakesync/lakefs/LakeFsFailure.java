package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakesync.failure.Classified;
import io.lakesync.failure.FailureClassifier;
import io.lakesync.failure.FailureKind;
import java.io.IOException;

/**
 * A failed lakeFS API call, classified once: the HTTP status decides what callers do with it. 412
 * on a merge means a pre-merge hook rejected it (an outcome, never retried); 409 is a conflict;
 * 429, 5xx and transport failures (status 0) are transient and worth a retry, and so is a merge
 * refused because the target branch has uncommitted changes (someone is mid-way through a commit;
 * it clears by itself).
 */
public final class LakeFsFailure extends IOException implements Classified {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String body;

  private LakeFsFailure(String operation, int status, String body, Throwable cause) {
    super(
        operation
            + " failed: HTTP "
            + status
            + (body == null || body.isBlank() ? "" : " " + body.strip()),
        cause);
    this.status = status;
    this.body = body == null ? "" : body;
  }

  /**
   * The SDK's exception as lakesync's: only the lakeFS client makes these, where it also reports
   * the failure to be counted ({@link LakeFsErrors}).
   */
  static LakeFsFailure of(String operation, ApiException e) {
    return new LakeFsFailure(operation, e.getCode(), e.getResponseBody(), e);
  }

  /** A failure with lakeFS's answer and no SDK exception behind it: for tests and stand-ins. */
  public static LakeFsFailure of(String operation, int status, String body) {
    return new LakeFsFailure(operation, status, body, null);
  }

  /**
   * The same failure, described as the caller's operation ("create staging branch …" rather than
   * the client's "create branch …"), so the message says what lakesync was doing.
   */
  public LakeFsFailure describedAs(String operation) {
    return new LakeFsFailure(operation, status, body, getCause());
  }

  public int status() {
    return status;
  }

  /** The server's response body: for a rejected merge, the hooks' report. */
  public String body() {
    return body;
  }

  public boolean hookRejected() {
    return status == 412;
  }

  public boolean conflict() {
    return status == 409;
  }

  public boolean notFound() {
    return status == 404;
  }

  @Override
  public FailureKind kind() {
    return targetHasUncommittedChanges()
        ? FailureKind.TRANSIENT
        : FailureClassifier.byHttpStatus(status);
  }

  public boolean transientFailure() {
    return status == 0 || status == 429 || status >= 500 || targetHasUncommittedChanges();
  }

  /** lakeFS answers 400 to a merge into a branch with uncommitted (staged) changes. */
  public boolean targetHasUncommittedChanges() {
    return status == 400 && body.toLowerCase(java.util.Locale.ROOT).contains("uncommitted");
  }
}

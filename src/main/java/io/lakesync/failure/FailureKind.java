package io.lakesync.failure;

/**
 * What lakesync does about a failure. Every failure of a sync is mapped to exactly one kind, in one
 * place ({@link FailureClassifier}); the retry helper ({@link RetryBudget}) and the callers act on
 * the kind, never on exception types or messages.
 */
public enum FailureKind {
  /** Goes away by itself (lakeFS or the broker is down, a 5xx, a dirty target): retry later. */
  TRANSIENT,
  /** Another writer changed the table first: plan again from the current table. */
  CONFLICT,
  /** A pre-merge hook refused the merge: an outcome to report, never retried. */
  REJECTED,
  /** Retrying cannot help (bad credentials, a broken table, the model fails): report and stop. */
  PERMANENT,
  /** The thread was interrupted: the service is stopping. Stop quietly. */
  INTERRUPTED,
  /** A defect in lakesync itself: let it end the process, so it is seen and restarted. */
  BUG
}

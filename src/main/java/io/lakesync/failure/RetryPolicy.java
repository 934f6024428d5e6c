package io.lakesync.failure;

import java.time.Duration;

/**
 * How long and how often a sync is retried, per failure kind.
 *
 * @param firstBackoff the first wait; each later wait doubles, up to {@code maxBackoff}
 * @param maxBackoff the longest single wait: after an outage ends, the next try comes at most this
 *     long after
 * @param transientWindow how long transient failures (an outage, a dirty target branch) keep being
 *     retried, counted from the first failure of the run
 * @param maxConflicts how many times a sync plans again after another writer changed the table
 */
public record RetryPolicy(
    Duration firstBackoff, Duration maxBackoff, Duration transientWindow, int maxConflicts) {
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(5), 5);

  public RetryPolicy {
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= first <= max");
    }
    if (transientWindow.isNegative() || maxConflicts < 0) {
      throw new IllegalArgumentException("window and conflicts must not be negative");
    }
  }

  public RetryPolicy withTransientWindow(Duration window) {
    return new RetryPolicy(firstBackoff, maxBackoff, window, maxConflicts);
  }

  public RetryBudget start() {
    return new RetryBudget(this, RetryBudget.Clock.SYSTEM);
  }
}

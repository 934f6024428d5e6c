package io.lakesync.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run's retries under a {@link RetryPolicy}: callers classify a failure, then ask {@link
 * #awaitRetry(Failure)} whether to try again; it waits (exponential backoff with jitter, so
 * replicas that failed together do not retry in lockstep) and answers. It is the only retry loop in
 * a sync: nothing below it retries on its own.
 */
public final class RetryBudget {
  /** Time and sleep, replaceable in tests. */
  public interface Clock {
    Clock SYSTEM =
        new Clock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
          }
        };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
  }

  private final RetryPolicy policy;
  private final Clock clock;
  private long firstTransientNanos = -1;
  private int conflicts;
  private int transientRetries;
  private Duration nextBackoff;

  public RetryBudget(RetryPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.nextBackoff = policy.firstBackoff();
  }

  /**
   * Whether the failure is worth another try, after waiting for it. False for rejections, permanent
   * failures and bugs, when the budget for the failure's kind is spent, and when the thread is
   * interrupted while waiting (the interrupt flag is then set again).
   */
  public boolean awaitRetry(Failure failure) {
    switch (failure.kind()) {
      case CONFLICT -> {
        if (++conflicts > policy.maxConflicts()) {
          return false;
        }
        // Another writer just merged: plan again at once, with a short jittered pause so two
        // losers do not collide again.
        return sleep(jitter(policy.firstBackoff()));
      }
      case TRANSIENT -> {
        long now = clock.nanoTime();
        if (firstTransientNanos < 0) {
          firstTransientNanos = now;
        }
        Duration elapsed = Duration.ofNanos(now - firstTransientNanos);
        if (elapsed.compareTo(policy.transientWindow()) >= 0) {
          return false;
        }
        Duration wait = jitter(nextBackoff);
        Duration left = policy.transientWindow().minus(elapsed);
        nextBackoff = min(nextBackoff.multipliedBy(2), policy.maxBackoff());
        transientRetries++;
        return sleep(min(wait, left));
      }
      default -> {
        return false;
      }
    }
  }

  public int conflicts() {
    return conflicts;
  }

  public int transientRetries() {
    return transientRetries;
  }

  /** Seconds since the first transient failure of this run, 0 when there was none. */
  public long transientSeconds() {
    return firstTransientNanos < 0
        ? 0
        : Duration.ofNanos(clock.nanoTime() - firstTransientNanos).toSeconds();
  }

  /** Between half and all of the backoff ("equal jitter"). */
  static Duration jitter(Duration backoff) {
    long half = backoff.toMillis() / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  private boolean sleep(Duration duration) {
    try {
      clock.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

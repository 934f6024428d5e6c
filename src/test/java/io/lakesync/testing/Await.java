package io.lakesync.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition, re-checked every 100 ms, and fails with a description once the deadline
 * passes. The one place tests wait for something that happens in another process or thread.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(100);

  private Await() {}

  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get() + " (waited " + timeout + ")");
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting: " + failure.get());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }
}

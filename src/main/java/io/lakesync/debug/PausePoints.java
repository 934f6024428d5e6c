package io.lakesync.debug;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points in the write path where an operator or a crash test can freeze lakesync: with {@code
 * LAKESYNC_PAUSE_AT=<point>} the process prints {@code lakesync: paused at <point>} on stderr and
 * blocks there the first time it reaches the point, with {@code <point>#<n>} the n-th time, so the
 * process can be killed at exactly that point (say, the 11th checkpoint of 12) and the recovery
 * observed. Unset (always, in production), a point costs one environment lookup.
 */
public final class PausePoints {
  private static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

  public static final String VARIABLE = "LAKESYNC_PAUSE_AT";

  /**
   * After a batch's Lance data commit on the staging branch, before its checkpoint or the table
   * state is written.
   */
  public static final String MID_WRITE = "mid-write";

  /** After a long sync's first checkpoint is committed on its staging branch. */
  public static final String AFTER_CHECKPOINT = "after-checkpoint";

  /**
   * After the owner of a sharded sync has submitted half of its shards (the rest are submitted when
   * it goes on).
   */
  public static final String MID_SHARD_SUBMIT = "mid-shard-submit";

  /** After the staging branch is committed, before the merge into the target. */
  public static final String AFTER_STAGING_COMMIT = "after-staging-commit";

  private PausePoints() {}

  public static void reached(String point) {
    String pauseAt = System.getenv(VARIABLE);
    if (pauseAt == null || !pauseAt.startsWith(point)) {
      return;
    }
    String nth = pauseAt.substring(point.length());
    if (!nth.isEmpty()
        && !(nth.startsWith("#")
            && REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet()
                == Integer.parseInt(nth.substring(1)))) {
      return;
    }
    System.err.println("lakesync: paused at " + point);
    System.err.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

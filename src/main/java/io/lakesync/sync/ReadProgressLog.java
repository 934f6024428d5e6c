package io.lakesync.sync;

import io.lakesync.status.RunningSyncs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long read phase (a backfill): done / total, rate and ETA, every 10 s at
 * most.
 */
final class ReadProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(ReadProgressLog.class);
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final String table;
  private final int total;
  private final long started = System.nanoTime();
  private long lastLog = started;
  private int done;

  ReadProgressLog(String table, String commit, int total) {
    this.table = table;
    this.total = total;
    RunningSyncs.started(table, commit, total);
  }

  void objectDone() {
    done++;
    RunningSyncs.objectDone(table);
    long now = System.nanoTime();
    if (now - lastLog >= INTERVAL_NANOS || (done == total && total >= 100)) {
      lastLog = now;
      double seconds = (now - started) / 1e9;
      double rate = done / Math.max(seconds, 1e-9);
      long eta = Math.round((total - done) / Math.max(rate, 1e-9));
      LOG.info(
          "read {}/{} objects ({} objects/s, ETA {} s)",
          done,
          total,
          String.format("%.1f", rate),
          eta);
    }
  }

  /** The whole sync is over (written or failed): it no longer shows as running. */
  void finished() {
    RunningSyncs.finished(table);
  }
}

package io.lakesync.sync;

import io.lakesync.status.RunningSyncs;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a long sync's progress every 10 s at most: objects written of planned, what is read and
 * embedded ahead of that, the rate and the ETA. The same numbers feed the metrics and the status
 * page through {@link RunningSyncs}.
 */
final class SyncProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(SyncProgressLog.class);
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final String table;
  private final RunningSyncs.Running progress;
  private long lastLog = System.nanoTime();

  SyncProgressLog(String table, RunningSyncs.Running progress) {
    this.table = table;
    this.progress = progress;
  }

  /** Logs when the last line is old enough. */
  void maybeLog() {
    long now = System.nanoTime();
    if (now - lastLog < INTERVAL_NANOS) {
      return;
    }
    lastLog = now;
    long eta = progress.etaSeconds();
    LOG.info(
        "{}: {} / {} objects written ({}%), {} read; {} chunks embedded of {} read"
            + " ({} chunks/s); ETA {}",
        table,
        progress.done(),
        progress.total(),
        String.format(Locale.ROOT, "%.1f", 100 * progress.fraction()),
        progress.read(),
        progress.chunksDone(),
        progress.chunksPlanned(),
        String.format(Locale.ROOT, "%.1f", progress.chunkRate()),
        eta < 0 ? "unknown" : eta + " s");
  }
}

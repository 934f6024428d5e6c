package io.lakesync.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read progress of the syncs running in this process, per table, for metrics and the status
 * page: a backfill of a million objects takes hours, and an operator must see it move. Process-wide
 * on purpose, like a metrics registry: the engine reports, observers read, neither knows the other.
 * (The engine's own log line of the same progress is {@code sync.ReadProgressLog}.)
 */
public final class RunningSyncs {
  /** One running sync's read phase. */
  public record Running(String commit, int done, int total, long startedNanos) {
    /** Objects read per second so far. */
    public double rate() {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      return seconds <= 0 ? 0 : done / seconds;
    }
  }

  private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

  private RunningSyncs() {}

  public static void started(String table, String commit, int total) {
    RUNNING.put(table, new Running(commit, 0, total, System.nanoTime()));
  }

  public static void objectDone(String table) {
    RUNNING.computeIfPresent(
        table, (t, r) -> new Running(r.commit(), r.done() + 1, r.total(), r.startedNanos()));
  }

  public static void finished(String table) {
    RUNNING.remove(table);
  }

  /** The table's running sync, or null when none runs. */
  public static Running of(String table) {
    return RUNNING.get(table);
  }
}

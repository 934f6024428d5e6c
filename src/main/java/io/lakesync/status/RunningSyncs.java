package io.lakesync.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of the syncs running in this process, per table, for metrics and the status page: a
 * backfill of a million objects takes hours, and an operator must see it move through all of it —
 * reading, then embedding (often the longest part), then writing. Process-wide on purpose, like a
 * metrics registry: the engine reports, observers read, neither knows the other. (The engine's own
 * log line of the read progress is {@code sync.ReadProgressLog}.)
 */
public final class RunningSyncs {
  /** What a running sync is doing. */
  public enum Phase {
    READING,
    EMBEDDING,
    WRITING
  }

  /**
   * One running sync.
   *
   * @param done objects read
   * @param total objects to read
   * @param chunksDone chunks embedded so far
   * @param chunksPlanned chunks this sync sends to the model (known once reading ends)
   * @param phaseStartedNanos when the current phase began, for its rate
   */
  public record Running(
      String commit,
      Phase phase,
      int done,
      int total,
      int chunksDone,
      int chunksPlanned,
      long startedNanos,
      long phaseStartedNanos) {
    /** Objects read per second so far. */
    public double rate() {
      double seconds = (System.nanoTime() - startedNanos) / 1e9;
      return seconds <= 0 ? 0 : done / seconds;
    }

    /** Chunks embedded per second since embedding began. */
    public double chunkRate() {
      double seconds = (System.nanoTime() - phaseStartedNanos) / 1e9;
      return seconds <= 0 ? 0 : chunksDone / seconds;
    }
  }

  private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

  private RunningSyncs() {}

  public static void started(String table, String commit, int total) {
    long now = System.nanoTime();
    RUNNING.put(table, new Running(commit, Phase.READING, 0, total, 0, 0, now, now));
  }

  public static void objectDone(String table) {
    RUNNING.computeIfPresent(
        table,
        (t, r) ->
            new Running(
                r.commit(),
                r.phase(),
                r.done() + 1,
                r.total(),
                r.chunksDone(),
                r.chunksPlanned(),
                r.startedNanos(),
                r.phaseStartedNanos()));
  }

  /** Reading is over; {@code chunksPlanned} chunks go to the model. */
  public static void embedding(String table, int chunksPlanned) {
    RUNNING.computeIfPresent(
        table,
        (t, r) ->
            new Running(
                r.commit(),
                Phase.EMBEDDING,
                r.done(),
                r.total(),
                0,
                chunksPlanned,
                r.startedNanos(),
                System.nanoTime()));
  }

  public static void chunksDone(String table, int chunks) {
    RUNNING.computeIfPresent(
        table,
        (t, r) ->
            new Running(
                r.commit(),
                r.phase(),
                r.done(),
                r.total(),
                r.chunksDone() + chunks,
                r.chunksPlanned(),
                r.startedNanos(),
                r.phaseStartedNanos()));
  }

  public static void writing(String table) {
    RUNNING.computeIfPresent(
        table,
        (t, r) ->
            new Running(
                r.commit(),
                Phase.WRITING,
                r.done(),
                r.total(),
                r.chunksDone(),
                r.chunksPlanned(),
                r.startedNanos(),
                System.nanoTime()));
  }

  /** The sync is over, written or failed: nothing runs for the table any more. */
  public static void finished(String table) {
    RUNNING.remove(table);
  }

  /** The table's running sync, or null when none runs. */
  public static Running of(String table) {
    return RUNNING.get(table);
  }
}

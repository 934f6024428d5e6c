package io.lakesync.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The progress of the syncs running in this process, per table, for metrics, logs and the status
 * page: a backfill of a million objects takes hours, and an operator must see it move through all
 * of it. A sync streams its objects through reading, embedding and writing in batches, so progress
 * counts what is <em>written</em> (durable: a crash resumes after it) against what is planned, and
 * shows what is read and embedded ahead of that. Process-wide on purpose, like a metrics registry:
 * the engine reports, observers read, neither knows the other.
 */
public final class RunningSyncs {
  /** What a running sync is doing at the moment. */
  public enum Phase {
    /** Waiting for objects to be read and extracted. */
    READING,
    /** Sending a batch's chunks to the model. */
    EMBEDDING,
    /** Writing a batch's rows, or finishing the table (indexes, compaction, state). */
    WRITING
  }

  private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

  private RunningSyncs() {}

  /**
   * Registers a sync that plans {@code total} objects of {@code totalBytes}; {@code resumedObjects}
   * of them (and {@code resumedBytes}) were written by an earlier run whose checkpoint it resumes.
   */
  public static Running started(
      String table,
      String commit,
      int total,
      long totalBytes,
      int resumedObjects,
      long resumedBytes) {
    Running running =
        new Running(commit, total, totalBytes, resumedObjects, resumedBytes, System.nanoTime());
    RUNNING.put(table, running);
    return running;
  }

  /** The sync is over, written or failed: nothing runs for the table any more. */
  public static void finished(String table) {
    RUNNING.remove(table);
  }

  /** The table's running sync, or null when none runs. */
  public static Running of(String table) {
    return RUNNING.get(table);
  }

  /**
   * One running sync. Written by the sync's thread, read by observers: every field is volatile and
   * has one writer.
   */
  public static final class Running {
    private final String commit;
    private final int total;
    private final long totalBytes;
    private final int resumedObjects;
    private final long resumedBytes;
    private final long startedNanos;
    private volatile Phase phase = Phase.READING;
    private volatile int read;
    private volatile int done;
    private volatile long bytesDone;
    private volatile int chunksRead;
    private volatile int chunksDone;
    private volatile int chunksEmbedded;
    private volatile int checkpoints;

    Running(
        String commit,
        int total,
        long totalBytes,
        int resumedObjects,
        long resumedBytes,
        long startedNanos) {
      this.commit = commit;
      this.total = total;
      this.totalBytes = totalBytes;
      this.resumedObjects = resumedObjects;
      this.resumedBytes = resumedBytes;
      this.startedNanos = startedNanos;
      this.read = resumedObjects;
      this.done = resumedObjects;
      this.bytesDone = resumedBytes;
    }

    public void phase(Phase now) {
      phase = now;
    }

    /** One more object read, extracted and chunked into {@code chunks} rows. */
    public void objectRead(int chunks) {
      read++;
      chunksRead += chunks;
    }

    /** {@code chunks} more chunks have vectors, {@code embedded} of them from the model. */
    public void chunksDone(int chunks, int embedded) {
      chunksDone += chunks;
      chunksEmbedded += embedded;
    }

    /** A batch is written and checkpointed: {@code objects} more objects are durable. */
    public void written(int objects, long bytes) {
      done += objects;
      bytesDone += bytes;
      checkpoints++;
    }

    public String commit() {
      return commit;
    }

    public Phase phase() {
      return phase;
    }

    /** Objects whose rows are written (including those of a resumed checkpoint). */
    public int done() {
      return done;
    }

    /** Objects read so far (written ones included). */
    public int read() {
      return read;
    }

    /** Objects the sync plans: added and changed ones. */
    public int total() {
      return total;
    }

    /** Objects written by the run this resumed, or 0. */
    public int resumedObjects() {
      return resumedObjects;
    }

    /** Chunks read in this run: the rows it writes, known as reading goes on. */
    public int chunksPlanned() {
      return chunksRead;
    }

    /** Chunks of this run that have vectors, from the model or reused. */
    public int chunksDone() {
      return chunksDone;
    }

    /** Chunks this run sent to the model. */
    public int chunksEmbedded() {
      return chunksEmbedded;
    }

    /** Batches written and checkpointed by this run. */
    public int checkpoints() {
      return checkpoints;
    }

    /**
     * Share of the planned bytes written, 0 to 1: sizes, not counts, because one file can be most
     * of a backfill.
     */
    public double fraction() {
      if (totalBytes <= 0) {
        return total == 0 ? 1 : (double) done / total;
      }
      return Math.min(1, (double) bytesDone / totalBytes);
    }

    /** Objects written per second by this run. */
    public double rate() {
      double seconds = seconds();
      return seconds <= 0 ? 0 : (done - resumedObjects) / seconds;
    }

    /** Chunks given vectors per second by this run. */
    public double chunkRate() {
      double seconds = seconds();
      return seconds <= 0 ? 0 : chunksDone / seconds;
    }

    /** Seconds left at this run's byte rate; -1 while nothing is written yet. */
    public long etaSeconds() {
      long written = bytesDone - resumedBytes;
      double seconds = seconds();
      if (written <= 0 || seconds <= 0) {
        return -1;
      }
      return Math.round((totalBytes - bytesDone) / (written / seconds));
    }

    private double seconds() {
      return (System.nanoTime() - startedNanos) / 1e9;
    }
  }
}

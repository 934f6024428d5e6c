package io.lakesync.sync;

import java.io.IOException;

/**
 * Where a sync makes its progress durable: called after each batch's rows are written to the table.
 * The publisher commits the staging branch with the checkpoint as metadata, so a crash, restart or
 * rebalance resumes from the last one instead of from the start.
 */
@FunctionalInterface
public interface Checkpoints {
  /** Keeps nothing: a sync that fails starts again from the beginning. */
  Checkpoints NONE = checkpoint -> {};

  void reached(SyncCheckpoint checkpoint) throws IOException;
}

package io.lakesync.status;

import java.time.Instant;
import java.util.Optional;

/**
 * How far one table is behind its source branch, in the units an operator thinks in.
 *
 * @param head the source branch's head commit
 * @param lastSynced the commit the served table represents (empty: no table yet)
 * @param commitsBehind data commits in the table's scope after {@code lastSynced}, up to the head
 * @param oldestUnsynced when the oldest of those was made; empty when the table is current
 * @param measuredAt when this was measured
 */
public record TableLagSnapshot(
    String table,
    String head,
    Optional<String> lastSynced,
    int commitsBehind,
    Optional<Instant> oldestUnsynced,
    Instant measuredAt) {

  /** Seconds since the oldest commit the table does not reflect yet; 0 when current. */
  public long secondsBehind() {
    return oldestUnsynced
        .map(t -> Math.max(0, measuredAt.getEpochSecond() - t.getEpochSecond()))
        .orElse(0L);
  }
}

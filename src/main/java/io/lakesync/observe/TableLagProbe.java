package io.lakesync.observe;

import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.publish.Lineage;
import io.lakesync.status.TableLagSnapshot;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.TableStaleness;
import io.lakesync.sync.TableState;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Measures a table's lag behind its source branch: commits, and seconds since the oldest commit the
 * table does not reflect. Only commits that change the table's scope count, and lakesync's own
 * merge commits never do, so a current table reads 0 whatever the branch head is.
 */
public final class TableLagProbe {
  /** Beyond this many commits behind, the count stops (and says so by being this number). */
  static final int MAX_COUNTED = 1000;

  /** The table side: its state on the target branch and its settings fingerprint. */
  public interface TableSide {
    Optional<TableState> state(TableConfig table) throws IOException;

    String fingerprint(TableConfig table);

    ObjectSource source(TableConfig table);
  }

  private final LakeFs lakeFs;
  private final TableSide tables;
  private final Clock clock;

  public TableLagProbe(LakeFs lakeFs, TableSide tables, Clock clock) {
    this.lakeFs = lakeFs;
    this.tables = tables;
    this.clock = clock;
  }

  public TableLagSnapshot measure(TableConfig table) throws IOException {
    Instant now = clock.instant();
    String head = lakeFs.branchHead(table.repository(), table.branch());
    Optional<TableState> state = tables.state(table);
    Optional<String> synced = state.map(TableState::lastSyncedCommit);
    if (!TableStaleness.behind(
        table, state, tables.fingerprint(table), head, tables.source(table))) {
      return new TableLagSnapshot(table.name(), head, synced, 0, Optional.empty(), now);
    }
    List<LakeFsCommit> unsynced = unsyncedCommits(table, head, synced);
    Optional<Instant> oldest =
        unsynced.isEmpty()
            ? Optional.empty()
            : Optional.of(unsynced.get(unsynced.size() - 1).created());
    // Behind with no counted commit (settings changed, a rebuild is due): still 1 behind.
    int count = Math.max(1, unsynced.size());
    return new TableLagSnapshot(
        table.name(), head, synced, count, oldest.or(() -> Optional.of(now)), now);
  }

  /** Newest first; lakesync's own commits and commits outside the scope's prefix left out. */
  private List<LakeFsCommit> unsyncedCommits(
      TableConfig table, String head, Optional<String> synced) throws IOException {
    return lakeFs
        .log(table.repository(), head, synced, table.scope().commonPrefix(), MAX_COUNTED)
        .stream()
        .filter(c -> synced.map(s -> !s.equals(c.id())).orElse(true))
        .filter(c -> !c.metadata().containsKey(Lineage.TABLE))
        .filter(c -> !c.parents().isEmpty())
        .toList();
  }
}

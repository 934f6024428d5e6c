package io.lakesync.sync;

import io.lakesync.config.TableConfig;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a table is behind its source branch: not merely "the head is another commit" (lakesync's
 * own merge commits move the head too) but "something in the table's scope changed since the commit
 * it represents", or its settings changed. Cheap: one diff, filtered.
 */
public final class TableStaleness {
  private TableStaleness() {}

  public static boolean behind(
      TableConfig table,
      Optional<TableState> state,
      String fingerprint,
      String head,
      ObjectSource source)
      throws IOException {
    if (state.isEmpty() || !state.get().fingerprint().equals(fingerprint)) {
      return true;
    }
    String synced = state.get().lastSyncedCommit();
    if (synced.equals(head)) {
      return false;
    }
    for (ObjectChange change : source.diff(synced, head, table.scope().commonPrefix())) {
      if (table.scope().contains(change.path())) {
        return true;
      }
    }
    return false;
  }
}

package io.lakesync.sync;

import java.util.List;
import java.util.Set;

/**
 * What one sync must do.
 *
 * @param upserts in-scope objects that are new or changed since the last synced commit (all of them
 *     on a full rebuild)
 * @param removals paths whose rows must go: removed, renamed away, or out of scope now
 * @param added the upserted paths that are new to the table (the others are updates)
 * @param full whether this is a full rebuild (no table yet, or its scope or model changed)
 */
public record SyncPlan(
    List<SourceObject> upserts, List<String> removals, Set<String> added, boolean full) {
  public SyncPlan {
    upserts = List.copyOf(upserts);
    removals = List.copyOf(removals);
    added = Set.copyOf(added);
  }
}

package io.lakesync.sync;

import io.lakesync.scope.PathScope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a sync must do, looking only at what changed: a two-dot diff from the commit the
 * table represents to the target commit, filtered to the table's scope. A full rebuild (list
 * everything in scope, remove rows of anything else) happens only when there is no table yet or the
 * settings that shape its rows changed.
 */
public final class SyncPlanner {
  private final ObjectSource source;
  private final VectorStore store;
  private final PathScope scope;
  private final String fingerprint;

  public SyncPlanner(ObjectSource source, VectorStore store, PathScope scope, String fingerprint) {
    this.source = source;
    this.store = store;
    this.scope = scope;
    this.fingerprint = fingerprint;
  }

  public SyncPlan plan(Optional<TableState> state, String targetCommit) throws IOException {
    if (state.isEmpty() || !state.get().fingerprint().equals(fingerprint)) {
      return full(targetCommit);
    }
    List<SourceObject> upserts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    Set<String> added = new HashSet<>();
    for (ObjectChange change :
        source.diff(state.get().lastSyncedCommit(), targetCommit, scope.commonPrefix())) {
      if (!scope.contains(change.path())) {
        continue;
      }
      if (change.kind() == ObjectChange.Kind.REMOVED) {
        removals.add(change.path());
      } else {
        upserts.add(source.stat(targetCommit, change.path()));
        if (change.kind() == ObjectChange.Kind.ADDED) {
          added.add(change.path());
        }
      }
    }
    return new SyncPlan(upserts, removals, added, false);
  }

  private SyncPlan full(String targetCommit) throws IOException {
    List<SourceObject> upserts =
        source.list(targetCommit, scope.commonPrefix()).stream()
            .filter(o -> scope.contains(o.path()))
            .toList();
    Set<String> present = new HashSet<>();
    upserts.forEach(o -> present.add(o.path()));
    Set<String> existing = store.paths();
    List<String> removals = existing.stream().filter(p -> !present.contains(p)).sorted().toList();
    Set<String> added = new HashSet<>(present);
    added.removeAll(existing);
    return new SyncPlan(upserts, removals, added, true);
  }
}

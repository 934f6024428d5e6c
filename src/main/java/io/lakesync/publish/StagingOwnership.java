package io.lakesync.publish;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staging branches owned by sync attempts running in this process, and the ones it has finished
 * with but could not delete yet (lakeFS was down). Shared by the publisher and the sweep, so the
 * sweep never deletes a branch under a running sync of this process; branches of other processes
 * are protected by their age (see {@link StagingSweeper}).
 */
public final class StagingOwnership {
  /** Deletes one branch; absent counts as done. */
  @FunctionalInterface
  public interface Deleter {
    void delete(String repository, String branch) throws IOException;
  }

  private final Set<String> owned = ConcurrentHashMap.newKeySet();
  private final Map<String, String> pendingDeletes = new ConcurrentHashMap<>();

  void claim(String branch) {
    owned.add(branch);
  }

  void release(String branch) {
    owned.remove(branch);
    pendingDeletes.remove(branch);
  }

  public boolean owns(String branch) {
    return owned.contains(branch);
  }

  void deleteLater(String repository, String branch) {
    owned.remove(branch);
    pendingDeletes.put(branch, repository);
  }

  /** Branches finished with but not deleted yet. */
  public Set<String> pendingDeletes() {
    return Set.copyOf(pendingDeletes.keySet());
  }

  /** Tries every remembered deletion once more; those that fail again stay remembered. */
  public void retryPendingDeletes(Deleter deleter) {
    for (Map.Entry<String, String> pending : Map.copyOf(pendingDeletes).entrySet()) {
      try {
        deleter.delete(pending.getValue(), pending.getKey());
        pendingDeletes.remove(pending.getKey());
      } catch (IOException e) {
        return; // lakeFS is still unreachable: try again next time
      }
    }
  }
}

package io.lakesync.stream;

import io.lakesync.event.CommitEvent;
import io.lakesync.status.SyncStatus;
import java.util.List;

/**
 * What the topology does with a commit event: sync every table that follows the event's branch and
 * report each outcome. Implementations classify failures themselves (a rejected merge or a
 * permanent error is a status, transient errors are retried); only a bug escapes as an exception,
 * which stops the client so the process exits non-zero and is restarted.
 */
@FunctionalInterface
public interface SyncStep {
  List<SyncStatus> sync(CommitEvent event);
}

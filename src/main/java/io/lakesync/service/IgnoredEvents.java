package io.lakesync.service;

import io.lakesync.event.BranchKey;
import io.lakesync.event.CommitEvent;
import io.lakesync.metrics.Metrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Valid events that start no sync are counted by reason, and a branch whose events no table follows
 * is logged once (a misconfigured table is then visible, without a line per commit).
 */
final class IgnoredEvents {
  private static final Logger LOG = LoggerFactory.getLogger(IgnoredEvents.class);

  private final Metrics metrics;
  private final Set<BranchKey> reported = ConcurrentHashMap.newKeySet();

  IgnoredEvents(Metrics metrics) {
    this.metrics = metrics;
  }

  void ownCommit() {
    metrics.eventIgnored(Metrics.IGNORED_OWN_COMMIT);
  }

  void noTableFollows(CommitEvent event) {
    metrics.eventIgnored(Metrics.IGNORED_NO_TABLE);
    if (reported.add(event.branchKey())) {
      LOG.info(
          "events for {} are ignored: no table follows that branch (counted in"
              + " lakesync_events_ignored_total; logged once per branch)",
          event.branchKey());
    }
  }
}

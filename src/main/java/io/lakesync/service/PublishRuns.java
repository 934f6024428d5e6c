package io.lakesync.service;

import io.lakesync.config.ServiceConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.failure.RetryPolicy;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.metrics.Metrics;
import io.lakesync.publish.PublishRunner;
import io.lakesync.publish.TablePublisher;
import io.lakesync.stream.PublishingSyncStep;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publishes the Streams topology runs: each to the head of the table's source branch, retried
 * for up to {@code retry_window_seconds} (every retry counted). It knows which tables are
 * publishing right now, because the reconciler must leave those alone: the running publish goes to
 * the branch head anyway.
 */
final class PublishRuns {
  private final PublishRunner runner;
  private final LakeFs lakeFs;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  PublishRuns(TablePublisher publisher, LakeFs lakeFs, ServiceConfig service, Metrics metrics) {
    this.runner =
        new PublishRunner(
            publisher,
            RetryPolicy.DEFAULT.withTransientWindow(
                Duration.ofSeconds(service.retryWindowSeconds())),
            (table, failure) ->
                metrics.syncRetry(table.name(), failure.kind().name().toLowerCase(Locale.ROOT)));
    this.lakeFs = lakeFs;
  }

  /** The topology's sync step for {@code tables}. */
  PublishingSyncStep step(List<TableConfig> tables) {
    return new PublishingSyncStep(tables, this::run);
  }

  /** Whether a publish of this table is running. */
  boolean running(String table) {
    return running.contains(table);
  }

  private PublishRunner.Result run(TableConfig table) {
    running.add(table.name());
    try {
      return runner.run(table, t -> lakeFs.branchHead(t.repository(), t.branch()));
    } finally {
      running.remove(table.name());
    }
  }
}

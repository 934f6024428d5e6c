package io.lakesync.service;

import io.lakesync.config.TableConfig;
import io.lakesync.metrics.Metrics;
import io.lakesync.status.StatusBoard;
import io.lakesync.status.SyncStatus;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * Where {@code lakesync serve} reports what happens: the Prometheus metrics that {@code /metrics}
 * serves and the status board behind the status page. What both show, a sync's outcome or a branch
 * that went missing, is told to both here, so they cannot disagree.
 */
record ServiceReports(PrometheusMeterRegistry registry, Metrics metrics, StatusBoard board)
    implements Reconciler.Listener {
  /** Metrics for these tables and for the consumer lag of {@code lagTopics}, JVM metrics too. */
  static ServiceReports create(List<TableConfig> tables, List<String> lagTopics) {
    PrometheusMeterRegistry registry = newRegistry();
    Metrics metrics = new Metrics(registry);
    List<String> tableNames = tables.stream().map(TableConfig::name).toList();
    metrics.tables(tableNames);
    metrics.topics(lagTopics);
    return new ServiceReports(registry, metrics, new StatusBoard(tableNames));
  }

  /** A registry with the JVM's meters bound to it. */
  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /** Counts and shows the outcomes of one event's syncs; returns them. */
  List<SyncStatus> synced(List<SyncStatus> statuses) {
    for (SyncStatus status : statuses) {
      metrics.sync(status);
      board.sync(status);
    }
    return statuses;
  }

  @Override
  public void branchMissing(String table, boolean missing) {
    metrics.branchMissing(table, missing);
    board.branchMissing(table, missing);
  }

  @Override
  public void swept(String table, int branches) {
    metrics.stagingBranchesSwept(table, branches);
  }
}

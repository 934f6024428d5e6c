package io.lakesync.observe;

import io.lakesync.config.TableConfig;
import io.lakesync.failure.RepeatedFailures;
import io.lakesync.metrics.Metrics;
import io.lakesync.status.StatusBoard;
import io.lakesync.status.TableLagSnapshot;
import io.lakesync.util.DaemonThreads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, on a schedule, how far each table is behind its data and how many events the
 * application has not processed, and publishes both as metrics and on the status board. Runs off
 * the stream threads: a sync that takes an hour must not freeze the numbers that say so.
 */
public final class LagMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LagMonitor.class);
  private static final String CONSUMER_LAG = " consumer lag"; // no table name starts with a space

  private final List<TableConfig> tables;
  private final TableLagProbe probe;
  private final ConsumerLag consumerLag;
  private final List<String> topics;
  private final Metrics metrics;
  private final StatusBoard board;
  private final RepeatedFailures failures = new RepeatedFailures();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lakesync-lag"));

  public LagMonitor(
      List<TableConfig> tables,
      TableLagProbe probe,
      ConsumerLag consumerLag,
      List<String> topics,
      Metrics metrics,
      StatusBoard board) {
    this.tables = List.copyOf(tables);
    this.probe = probe;
    this.consumerLag = consumerLag;
    this.topics = List.copyOf(topics);
    this.metrics = metrics;
    this.board = board;
  }

  /** Measures once now, then every {@code intervalSeconds}. */
  public void start(long intervalSeconds) {
    measureOnce();
    scheduler.scheduleWithFixedDelay(
        this::measureOnce, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  /** One measurement of everything; never throws, so the schedule survives a failed one. */
  public void measureOnce() {
    for (TableConfig table : tables) {
      try {
        TableLagSnapshot snapshot = probe.measure(table);
        metrics.lag(snapshot);
        board.lag(snapshot);
        if (failures.succeeded(table.name())) {
          LOG.info("lag of table {} is measured again", table.name());
        }
      } catch (Exception e) {
        board.lagFailed(table.name(), e.getMessage());
        // Once per outage (and per change of reason), not every pass: the board shows the state.
        if (failures.failed(table.name(), e.toString())) {
          LOG.warn("lag of table {} not measured: {}", table.name(), e.toString());
        }
      }
    }
    try {
      for (Map.Entry<String, Long> topic : consumerLag.byTopic(topics).entrySet()) {
        metrics.consumerLag(topic.getKey(), topic.getValue());
        board.consumerLag(topic.getKey(), topic.getValue());
      }
      if (failures.succeeded(CONSUMER_LAG)) {
        LOG.info("consumer lag is measured again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (failures.failed(CONSUMER_LAG, e.toString())) {
        LOG.warn("consumer lag not measured: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

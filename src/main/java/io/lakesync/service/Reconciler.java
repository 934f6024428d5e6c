package io.lakesync.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.config.TableConfig;
import io.lakesync.sync.DaemonThreads;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lakeFS post-hooks are fire-and-forget: an event can be lost. At start and then periodically, the
 * reconciler asks, for every table, whether its source branch is ahead of the commit the table
 * represents, and if so produces an ordinary commit event for the branch head. Healing thus goes
 * through the same topic and per-branch ordering as every other event.
 */
public final class Reconciler implements AutoCloseable {
  /** Answers whether a table is behind and, if so, the head to sync to. */
  @FunctionalInterface
  public interface LagCheck {
    /** The branch head when the table is behind it; null when the table is up to date. */
    String behindHead(TableConfig table) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TableConfig> tables;
  private final LagCheck lag;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lakesync-reconciler"));

  public Reconciler(
      List<TableConfig> tables, LagCheck lag, Producer<byte[], byte[]> producer, String topic) {
    this.tables = List.copyOf(tables);
    this.lag = lag;
    this.producer = producer;
    this.topic = topic;
  }

  public void start(long intervalSeconds) {
    scheduler.scheduleWithFixedDelay(this::reconcileOnce, 0, intervalSeconds, TimeUnit.SECONDS);
  }

  /** One pass over every table; never throws, so the schedule survives a failed pass. */
  public int reconcileOnce() {
    int produced = 0;
    for (TableConfig table : tables) {
      try {
        String head = lag.behindHead(table);
        if (head != null) {
          byte[] event =
              JSON.writeValueAsBytes(
                  Map.of(
                      "repository_id",
                      table.repository(),
                      "branch_id",
                      table.branch(),
                      "commit_id",
                      head));
          producer.send(new ProducerRecord<>(topic, event)).get(30, TimeUnit.SECONDS);
          produced++;
          LOG.info(
              "table {} is behind {}/{}; produced an event for {}",
              table.name(),
              table.repository(),
              table.branch(),
              head);
        }
      } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
        // Stopping (the service closes the scheduler): not a failed reconciliation.
        Thread.currentThread().interrupt();
        return produced;
      } catch (Exception e) {
        LOG.warn("reconciliation of table {} failed: {}", table.name(), e.toString());
      }
    }
    return produced;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

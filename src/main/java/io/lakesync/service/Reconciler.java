package io.lakesync.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.config.TableConfig;
import io.lakesync.event.BranchKey;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureClassifier;
import io.lakesync.failure.RepeatedFailures;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.util.DaemonThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lakeFS post-hooks are fire-and-forget, and the bridge cannot store events while the broker is
 * down: events get lost. The reconciler asks, for every table, whether its source branch is ahead
 * of the commit the table represents, and if so produces an ordinary commit event for the branch
 * head, so healing goes through the same topic and per-branch ordering as every other event. It
 * also sweeps orphaned staging branches.
 *
 * <p>It runs at start and every {@code reconcile_seconds}; after a pass that could not reach lakeFS
 * or the broker, or when the bridge reports an event it could not store, it runs again every
 * {@value #RECOVERY_SECONDS} s until a pass succeeds: tables that fell behind during an outage
 * catch up within seconds of its end. A table whose sync is running in this process is skipped (the
 * sync goes to the branch head anyway). A table whose branch does not exist is reported once, then
 * shown as a state (status page, metric), not warned about every pass.
 */
public final class Reconciler implements AutoCloseable {
  /** Answers whether a table is behind and, if so, the head to sync to. */
  @FunctionalInterface
  public interface LagCheck {
    /** The branch head when the table is behind it; null when the table is up to date. */
    String behindHead(TableConfig table) throws IOException;
  }

  /** Deletes a table's orphaned staging branches; returns how many. */
  @FunctionalInterface
  public interface Sweep {
    int sweep(TableConfig table) throws IOException;
  }

  /**
   * Whether an event this reconciler produced is still waiting to be synced (not yet consumed from
   * the input topic, or its branch's repartition partition still has a backlog).
   */
  @FunctionalInterface
  public interface Backlog {
    Backlog NONE = (key, produced) -> false;

    boolean waiting(String key, RecordMetadata produced) throws Exception;
  }

  /** What a pass found, for metrics and the status page. */
  public interface Listener {
    Listener NONE = new Listener() {};

    default void branchMissing(String table, boolean missing) {}

    default void swept(String table, int branches) {}
  }

  /** How one pass went. */
  public record Pass(int produced, boolean reachedEverything) {}

  static final long RECOVERY_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<TableConfig> tables;
  private final LagCheck lag;
  private final Sweep sweep;
  private final Predicate<String> running;
  private final Listener listener;
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final LongSupplier clock;
  private final Backlog backlog;
  private final Set<String> missingBranches = ConcurrentHashMap.newKeySet();
  private final RepeatedFailures failures = new RepeatedFailures();
  private final Map<String, Produced> lastProduced = new ConcurrentHashMap<>();
  private final AtomicLong nextPassAt = new AtomicLong(0);
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lakesync-reconciler"));
  private volatile long intervalMillis = Long.MAX_VALUE;

  private record Produced(String head, RecordMetadata metadata) {}

  /**
   * @param backlog tells whether an event produced earlier still waits: then the same head is not
   *     produced again (during a restart or rebalance the group may take a while to pick it up)
   * @param clock milliseconds, for the schedule of passes
   */
  public Reconciler(
      List<TableConfig> tables,
      LagCheck lag,
      Sweep sweep,
      Predicate<String> running,
      Backlog backlog,
      Listener listener,
      Producer<byte[], byte[]> producer,
      String topic,
      LongSupplier clock) {
    this.tables = List.copyOf(tables);
    this.lag = lag;
    this.sweep = sweep;
    this.running = running;
    this.backlog = backlog;
    this.listener = listener;
    this.producer = producer;
    this.topic = topic;
    this.clock = clock;
  }

  /** Runs a pass now and then every {@code intervalSeconds} (sooner after a failed pass). */
  public void start(long intervalSeconds) {
    interval(intervalSeconds);
    scheduler.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
  }

  /** Sets the interval between healthy passes and makes the next pass due now. */
  void interval(long intervalSeconds) {
    intervalMillis = Duration.ofSeconds(intervalSeconds).toMillis();
    nextPassAt.set(0);
  }

  /**
   * Something was probably missed (the bridge could not store an event): pass again within {@value
   * #RECOVERY_SECONDS} s, and keep passing that often until a pass succeeds.
   */
  public void eventLost() {
    nextPassAt.accumulateAndGet(
        clock.getAsLong() + TimeUnit.SECONDS.toMillis(RECOVERY_SECONDS), Math::min);
  }

  /** Runs a pass when one is due (the scheduler calls this every second). */
  void tick() {
    if (clock.getAsLong() < nextPassAt.get()) {
      return;
    }
    Pass pass = reconcileOnce();
    long delay =
        pass.reachedEverything()
            ? intervalMillis
            : Math.min(intervalMillis, TimeUnit.SECONDS.toMillis(RECOVERY_SECONDS));
    nextPassAt.set(clock.getAsLong() + delay);
  }

  /** One pass over every table; never throws, so the schedule survives a failed pass. */
  public Pass reconcileOnce() {
    int produced = 0;
    boolean reached = true;
    for (TableConfig table : tables) {
      try {
        if (running.test(table.name())) {
          continue; // the running sync goes to the branch head: one more event would be a noop
        }
        String head;
        try {
          head = lag.behindHead(table);
        } catch (LakeFsFailure e) {
          if (e.notFound()) {
            branchMissing(table, true);
            continue;
          }
          throw e;
        }
        branchMissing(table, false);
        if (head != null && produce(table, head)) {
          produced++;
        }
        int swept = sweep.sweep(table);
        if (swept > 0) {
          listener.swept(table.name(), swept);
        }
      } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
        // Stopping (the service closes the scheduler): not a failed reconciliation.
        Thread.currentThread().interrupt();
        return new Pass(produced, reached);
      } catch (Exception e) {
        reached = false;
        reportFailure(table, e);
        continue;
      }
      if (failures.succeeded(table.name())) {
        LOG.info("reconciliation of table {} works again", table.name());
      }
    }
    return new Pass(produced, reached);
  }

  /**
   * Produces an event for the branch head the table is behind, unless the event produced earlier
   * for the same head still waits; true when it produced one.
   */
  private boolean produce(TableConfig table, String head) throws Exception {
    String key = new BranchKey(table.repository(), table.branch()).toString();
    Produced earlier = lastProduced.get(table.name());
    if (earlier != null
        && earlier.head().equals(head)
        && backlog.waiting(key, earlier.metadata())) {
      LOG.debug(
          "table {}: the event for {} still waits; not producing another", table.name(), head);
      return false;
    }
    byte[] event =
        JSON.writeValueAsBytes(
            Map.of(
                "repository_id", table.repository(),
                "branch_id", table.branch(),
                "commit_id", head));
    RecordMetadata metadata =
        producer
            .send(
                new ProducerRecord<>(
                    topic, key.getBytes(java.nio.charset.StandardCharsets.UTF_8), event))
            .get(30, TimeUnit.SECONDS);
    lastProduced.put(table.name(), new Produced(head, metadata));
    LOG.info(
        "table {} is behind {}/{}; produced an event for {}",
        table.name(),
        table.repository(),
        table.branch(),
        head);
    return true;
  }

  private void reportFailure(TableConfig table, Exception e) {
    Failure failure = FailureClassifier.classify(e);
    // Once per outage and reason: every 5 s for as long as lakeFS is down would bury the log.
    if (failures.failed(table.name(), failure.reason())) {
      LOG.warn(
          "reconciliation of table {} failed ({}); passing every {} s until it works: {}",
          table.name(),
          failure.kind().name().toLowerCase(java.util.Locale.ROOT),
          RECOVERY_SECONDS,
          failure.reason());
    }
  }

  private void branchMissing(TableConfig table, boolean missing) {
    boolean changed =
        missing ? missingBranches.add(table.name()) : missingBranches.remove(table.name());
    if (!changed) {
      return;
    }
    listener.branchMissing(table.name(), missing);
    if (missing) {
      LOG.warn(
          "table {}: branch {}/{} does not exist; the table is not synced until it does (reported"
              + " once; see the status page and lakesync_table_branch_missing)",
          table.name(),
          table.repository(),
          table.branch());
    } else {
      LOG.info(
          "table {}: branch {}/{} exists again", table.name(), table.repository(), table.branch());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

package io.lakesync.metrics;

import io.lakesync.status.RunningSyncs;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.status.TableLagSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every metric lakesync publishes, by name and tags, in one place, so the Grafana dashboard and the
 * alert rules ({@code config/}) have one list to match. Names are Micrometer's dotted form;
 * Prometheus sees {@code lakesync_…}, with {@code _total} on counters and {@code _seconds} on
 * timers.
 */
public final class Metrics {
  /** Syncs by table and outcome (merged, noop, rejected, failed). */
  public static final String SYNCS = "lakesync.syncs";

  /** Sync duration by table, with histogram buckets. */
  public static final String SYNC_DURATION = "lakesync.sync.duration";

  /**
   * Objects a sync changed in the table, by table and change (added, updated, deleted, skipped).
   */
  public static final String OBJECTS = "lakesync.objects";

  /** Chunk rows written, by table. */
  public static final String CHUNKS = "lakesync.chunks";

  /** Chunks sent to the model, by table. */
  public static final String MODEL_CALLS = "lakesync.model.calls";

  /** Chunks whose vector was reused from the table: model calls saved, by table. */
  public static final String CHUNKS_REUSED = "lakesync.chunks.reused";

  /** Images sent to the image model, by table. */
  public static final String IMAGE_MODEL_CALLS = "lakesync.image.model.calls";

  /** Images whose analysis was reused from the table (renamed, copied, reverted), by table. */
  public static final String IMAGES_REUSED = "lakesync.images.reused";

  /** Chunks embedded per second of embedding, in the table's last sync that embedded any. */
  public static final String EMBEDDING_THROUGHPUT = "lakesync.embedding.throughput";

  /** Data commits in the table's scope the served table does not reflect yet, by table. */
  public static final String COMMITS_BEHIND = "lakesync.table.commits.behind";

  /** Seconds since the oldest commit the served table does not reflect (0 when current). */
  public static final String SECONDS_BEHIND = "lakesync.table.seconds.behind";

  /** Records of a topic the Streams application has not processed yet, by topic. */
  public static final String CONSUMER_LAG = "lakesync.consumer.lag";

  /**
   * Objects whose rows the running sync has written (durable: a restart resumes after them), and
   * objects it plans, by table (a gauge may not end in _total in Prometheus).
   */
  public static final String SYNC_OBJECTS_DONE = "lakesync.sync.objects.done";

  /** Objects the running sync has read, ahead of those written. */
  public static final String SYNC_OBJECTS_READ = "lakesync.sync.objects.read";

  /** Share of the running sync's planned bytes that is written, 0 to 1. */
  public static final String SYNC_PROGRESS = "lakesync.sync.progress.ratio";

  /** Seconds the running sync needs at its rate so far; -1 until it has written a batch. */
  public static final String SYNC_ETA = "lakesync.sync.eta.seconds";

  public static final String SYNC_OBJECTS_PLANNED = "lakesync.sync.objects.planned";

  /**
   * Chunks the running sync has given vectors (embedded or reused), and chunks it has read so far
   * (the rows it writes, known as reading goes on), by table: the long part of a backfill.
   */
  public static final String SYNC_CHUNKS_DONE = "lakesync.sync.chunks.done";

  public static final String SYNC_CHUNKS_PLANNED = "lakesync.sync.chunks.planned";

  /**
   * Shards of sharded syncs this instance took, by table and outcome (done, already_done,
   * obsolete).
   */
  public static final String SHARDS = "lakesync.shards";

  /** Chunks this instance wrote for shards (any instance's syncs), and of those, model calls. */
  public static final String SHARD_CHUNKS = "lakesync.shard.chunks";

  public static final String SHARD_MODEL_CALLS = "lakesync.shard.model.calls";

  /** Events sent to the dead-letter topic. */
  public static final String DEAD_LETTERS = "lakesync.dead.letters";

  /** Failed lakeFS API calls by HTTP status (0: no response). */
  public static final String LAKEFS_ERRORS = "lakesync.lakefs.errors";

  /** Quality-gate audits by table and result (passed, failed). */
  public static final String GATE_AUDITS = "lakesync.gate.audits";

  /** Failed quality checks by table and check (coverage, governance, accuracy, drift, table). */
  public static final String GATE_CHECK_FAILURES = "lakesync.gate.check.failures";

  /** Valid events that started no sync, by reason (own_commit, no_table_follows_branch). */
  public static final String EVENTS_IGNORED = "lakesync.events.ignored";

  /** Retries of a sync, by table and failure kind (transient, conflict). */
  public static final String SYNC_RETRIES = "lakesync.sync.retries";

  /** Orphaned staging branches the sweep deleted, by table. */
  public static final String STAGING_BRANCHES_SWEPT = "lakesync.staging.branches.swept";

  /** 1 while the table's source branch does not exist, by table. */
  public static final String BRANCH_MISSING = "lakesync.table.branch.missing";

  /** 1, labelled with the device text models run on ({@code cpu} or {@code gpu}). */
  public static final String EMBEDDING_DEVICE = "lakesync.embedding.device";

  public static final String DEVICE = "device";

  public static final String IGNORED_OWN_COMMIT = "own_commit";
  public static final String IGNORED_NO_TABLE = "no_table_follows_branch";

  public static final String TABLE = "table";
  public static final String REASON = "reason";
  public static final String KIND = "kind";
  public static final String OUTCOME = "outcome";
  public static final String RESULT = "result";
  public static final String CHECK = "check";
  public static final String CHANGE = "change";
  public static final String TOPIC = "topic";
  public static final String STATUS = "status";

  /**
   * The lakeFS statuses lakesync tells apart, registered at 0 so that dashboards and alerts see the
   * series before the first error.
   */
  static final List<Integer> LAKEFS_STATUSES =
      List.of(0, 400, 401, 403, 409, 412, 429, 500, 502, 503);

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> throughput = new ConcurrentHashMap<>();

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    registry.counter(DEAD_LETTERS);
    registry.counter(EVENTS_IGNORED, REASON, IGNORED_OWN_COMMIT);
    registry.counter(EVENTS_IGNORED, REASON, IGNORED_NO_TABLE);
    LAKEFS_STATUSES.forEach(status -> lakeFsErrors(status));
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Says which device this process embeds text on. */
  public void embeddingDevice(String device) {
    Gauge.builder(EMBEDDING_DEVICE, () -> 1).tag(DEVICE, device).register(registry);
  }

  /** Registers the per-table meters, so every series exists (at 0) before the first sync. */
  public void tables(List<String> tables) {
    for (String table : tables) {
      for (SyncOutcome outcome : SyncOutcome.values()) {
        registry.counter(SYNCS, TABLE, table, OUTCOME, outcome.label());
      }
      for (String result : List.of("passed", "failed")) {
        registry.counter(GATE_AUDITS, TABLE, table, RESULT, result);
      }
      for (String check : List.of("coverage", "governance", "accuracy", "drift")) {
        registry.counter(GATE_CHECK_FAILURES, TABLE, table, CHECK, check);
      }
      for (String change : List.of("added", "updated", "deleted", "skipped")) {
        registry.counter(OBJECTS, TABLE, table, CHANGE, change);
      }
      registry.counter(CHUNKS, TABLE, table);
      for (String kind : List.of("transient", "conflict")) {
        registry.counter(SYNC_RETRIES, TABLE, table, KIND, kind);
      }
      registry.counter(STAGING_BRANCHES_SWEPT, TABLE, table);
      gauge(BRANCH_MISSING, TABLE, table);
      registry.counter(MODEL_CALLS, TABLE, table);
      registry.counter(CHUNKS_REUSED, TABLE, table);
      registry.counter(IMAGE_MODEL_CALLS, TABLE, table);
      registry.counter(IMAGES_REUSED, TABLE, table);
      duration(table);
      gauge(COMMITS_BEHIND, TABLE, table);
      gauge(SECONDS_BEHIND, TABLE, table);
      AtomicReference<Double> rate =
          throughput.computeIfAbsent(table, t -> new AtomicReference<>(0.0));
      Gauge.builder(EMBEDDING_THROUGHPUT, rate, AtomicReference::get)
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_OBJECTS_DONE, () -> progress(table, true))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_OBJECTS_PLANNED, () -> progress(table, false))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_OBJECTS_READ, () -> running(table, RunningSyncs.Running::read))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_PROGRESS, () -> running(table, RunningSyncs.Running::fraction))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_ETA, () -> running(table, RunningSyncs.Running::etaSeconds))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_CHUNKS_DONE, () -> chunkProgress(table, true))
          .tag(TABLE, table)
          .register(registry);
      Gauge.builder(SYNC_CHUNKS_PLANNED, () -> chunkProgress(table, false))
          .tag(TABLE, table)
          .register(registry);
    }
  }

  /** This instance finished a shard. */
  public void shard(String table, String outcome, int chunks, int modelCalls) {
    registry.counter(SHARDS, TABLE, table, OUTCOME, outcome).increment();
    registry.counter(SHARD_CHUNKS, TABLE, table).increment(chunks);
    registry.counter(SHARD_MODEL_CALLS, TABLE, table).increment(modelCalls);
  }

  public void topics(List<String> topics) {
    topics.forEach(t -> gauge(CONSUMER_LAG, TOPIC, t));
  }

  public void sync(SyncStatus status) {
    String table = status.table();
    registry.counter(SYNCS, TABLE, table, OUTCOME, status.outcome().label()).increment();
    duration(table).record(Duration.ofMillis(status.durationMs()));
    registry.counter(OBJECTS, TABLE, table, CHANGE, "added").increment(status.added());
    registry.counter(OBJECTS, TABLE, table, CHANGE, "updated").increment(status.updated());
    registry.counter(OBJECTS, TABLE, table, CHANGE, "deleted").increment(status.deleted());
    registry.counter(OBJECTS, TABLE, table, CHANGE, "skipped").increment(status.skipped());
    registry.counter(CHUNKS, TABLE, table).increment(status.chunks());
    registry.counter(MODEL_CALLS, TABLE, table).increment(status.modelCalls());
    registry.counter(CHUNKS_REUSED, TABLE, table).increment(status.reused());
    registry.counter(IMAGE_MODEL_CALLS, TABLE, table).increment(status.imageModelCalls());
    registry.counter(IMAGES_REUSED, TABLE, table).increment(status.imagesReused());
    Long embedMs = status.phasesMs().get("embed");
    if (status.modelCalls() > 0 && embedMs != null && embedMs > 0) {
      throughput
          .computeIfAbsent(table, t -> new AtomicReference<>(0.0))
          .set(status.modelCalls() * 1000.0 / embedMs);
    }
  }

  public void lag(TableLagSnapshot lag) {
    gauge(COMMITS_BEHIND, TABLE, lag.table()).set(lag.commitsBehind());
    gauge(SECONDS_BEHIND, TABLE, lag.table()).set(lag.secondsBehind());
  }

  public void consumerLag(String topic, long records) {
    gauge(CONSUMER_LAG, TOPIC, topic).set(records);
  }

  public void eventIgnored(String reason) {
    registry.counter(EVENTS_IGNORED, REASON, reason).increment();
  }

  public void syncRetry(String table, String kind) {
    registry.counter(SYNC_RETRIES, TABLE, table, KIND, kind).increment();
  }

  public void stagingBranchesSwept(String table, int branches) {
    registry.counter(STAGING_BRANCHES_SWEPT, TABLE, table).increment(branches);
  }

  public void branchMissing(String table, boolean missing) {
    gauge(BRANCH_MISSING, TABLE, table).set(missing ? 1 : 0);
  }

  public void deadLetter() {
    registry.counter(DEAD_LETTERS).increment();
  }

  public void gateAudit(String table, boolean passed) {
    registry.counter(GATE_AUDITS, TABLE, table, RESULT, passed ? "passed" : "failed").increment();
  }

  public void gateCheckFailed(String table, String check) {
    registry.counter(GATE_CHECK_FAILURES, TABLE, table, CHECK, check).increment();
  }

  /**
   * A failed lakeFS call, reported by the lakeFS client where the call failed. A 404 is how lakeFS
   * says "absent" (no staging branch, no table yet) in the normal flow: not counted.
   */
  public void lakeFsError(int status) {
    if (status != 404) {
      lakeFsErrors(status).increment();
    }
  }

  private Counter lakeFsErrors(int status) {
    return registry.counter(LAKEFS_ERRORS, STATUS, String.valueOf(status));
  }

  private Timer duration(String table) {
    return Timer.builder(SYNC_DURATION)
        .tag(TABLE, table)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry);
  }

  private AtomicLong gauge(String name, String tag, String value) {
    return gauges.computeIfAbsent(
        name + "|" + value,
        k -> {
          AtomicLong holder = new AtomicLong();
          Gauge.builder(name, holder, AtomicLong::get).tag(tag, value).register(registry);
          return holder;
        });
  }

  private static double progress(String table, boolean done) {
    RunningSyncs.Running running = RunningSyncs.of(table);
    return running == null ? 0 : done ? running.done() : running.total();
  }

  /** A number of the table's running sync; 0 when none runs. */
  private static double running(
      String table, java.util.function.ToDoubleFunction<RunningSyncs.Running> number) {
    RunningSyncs.Running running = RunningSyncs.of(table);
    return running == null ? 0 : number.applyAsDouble(running);
  }

  private static double chunkProgress(String table, boolean done) {
    RunningSyncs.Running running = RunningSyncs.of(table);
    return running == null ? 0 : done ? running.chunksDone() : running.chunksPlanned();
  }
}

package io.lakesync.service;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.event.CommitEventParser;
import io.lakesync.event.ParsedEvent;
import io.lakesync.failure.RetryPolicy;
import io.lakesync.gate.PreMergeHook;
import io.lakesync.gate.QualityGate;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.http.Readiness;
import io.lakesync.http.SharedSecret;
import io.lakesync.http.StatusPage;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.metrics.Metrics;
import io.lakesync.observe.ConsumerLag;
import io.lakesync.observe.LagMonitor;
import io.lakesync.observe.TableLagProbe;
import io.lakesync.publish.PublishRunner;
import io.lakesync.publish.StagingSweeper;
import io.lakesync.publish.TablePublisher;
import io.lakesync.search.SearchEndpoint;
import io.lakesync.search.TableSearch;
import io.lakesync.status.StatusBoard;
import io.lakesync.status.SyncStatus;
import io.lakesync.stream.PublishingSyncStep;
import io.lakesync.stream.SyncTopology;
import io.lakesync.stream.TopicNames;
import io.lakesync.sync.ObjectSource;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.TableStaleness;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.ValueMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code lakesync serve}: the Kafka Streams sync service, the webhook bridge and the reconciler,
 * started together and stopped together. An uncaught error shuts the Streams client down and {@link
 * #awaitTermination()} returns non-zero, so the process exits and Kubernetes restarts it.
 */
public final class SyncService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

  /** How often table and consumer lag are measured. */
  static final long LAG_SECONDS = 10;

  /** How long a stopping service waits for the running sync; the pod's grace period is longer. */
  public static final Duration DRAIN = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final HttpEndpoints http;
  private final Reconciler reconciler;
  private final LagMonitor lag;
  private final Admin admin;
  private final Producer<byte[], byte[]> producer;
  private final S3Client s3;
  private final BufferAllocator allocator;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean failed;

  private SyncService(
      KafkaStreams streams,
      HttpEndpoints http,
      Reconciler reconciler,
      LagMonitor lag,
      Admin admin,
      Producer<byte[], byte[]> producer,
      S3Client s3,
      BufferAllocator allocator) {
    this.streams = streams;
    this.http = http;
    this.reconciler = reconciler;
    this.lag = lag;
    this.admin = admin;
    this.producer = producer;
    this.s3 = s3;
    this.allocator = allocator;
  }

  public static SyncService start(
      LakesyncConfig config,
      LakeFsSettings lakefs,
      KafkaSettings kafka,
      Secret webhookSecret,
      TextEmbedder embedder,
      String version)
      throws IOException {
    ServiceConfig service = config.service();
    TopicNames topics =
        new TopicNames(service.inputTopic(), service.statusTopic(), service.deadLetterTopic());
    KafkaClients.createMissingTopics(kafka, service, topics);
    PrometheusMeterRegistry registry = registry();
    Metrics metrics = new Metrics(registry);
    List<String> tableNames = config.tables().stream().map(TableConfig::name).toList();
    metrics.tables(tableNames);
    List<String> lagTopics =
        List.of(topics.input(), SyncTopology.repartitionTopic(service.applicationId()));
    metrics.topics(lagTopics);
    StatusBoard board = new StatusBoard(tableNames);

    // Everything opened below is closed again, in reverse order, if the start fails halfway.
    try (StartupResources opened = new StartupResources()) {
      LakeFs lakeFs = SdkLakeFs.connect(lakefs, metrics::lakeFsError);
      S3Client s3 = opened.add(S3Gateway.client(lakefs));
      BufferAllocator allocator = opened.add(new RootAllocator());
      TablePublisher publisher =
          new TablePublisher(lakeFs, s3, lakefs, allocator, embedder, version);
      PublishRunner runner =
          new PublishRunner(
              publisher,
              RetryPolicy.DEFAULT.withTransientWindow(
                  Duration.ofSeconds(service.retryWindowSeconds())),
              (table, failure) ->
                  metrics.syncRetry(
                      table.name(), failure.kind().name().toLowerCase(java.util.Locale.ROOT)));
      Set<String> syncing = ConcurrentHashMap.newKeySet();
      PublishingSyncStep step =
          new PublishingSyncStep(
              config.tables(),
              table -> {
                syncing.add(table.name());
                try {
                  return runner.run(table, t -> lakeFs.branchHead(t.repository(), t.branch()));
                } finally {
                  syncing.remove(table.name());
                }
              });
      IgnoredEvents ignored = new IgnoredEvents(metrics);
      Set<String> repositories =
          config.tables().stream().map(TableConfig::repository).collect(Collectors.toSet());
      KafkaStreams streams =
          opened.add(
              new KafkaStreams(
                  SyncTopology.build(
                      topics,
                      counting(
                          new CommitEventParser(repositories, CommitEventParser.DEFAULT_MAX_BYTES),
                          metrics,
                          ignored),
                      event -> {
                        List<SyncStatus> statuses = step.sync(event);
                        if (statuses.isEmpty()) {
                          ignored.noTableFollows(event);
                        }
                        return reported(statuses, metrics, board);
                      }),
                  KafkaClients.streamsProperties(service, kafka)));

      Producer<byte[], byte[]> producer = opened.add(KafkaClients.producer(kafka));
      TableLagProbe.TableSide tableSide = tableSide(lakeFs, s3, lakefs, allocator, embedder);
      Admin admin = opened.add(KafkaClients.admin(kafka));
      ConsumerLag consumerLag = new ConsumerLag(admin, service.applicationId());
      StagingSweeper sweeper =
          new StagingSweeper(publisher, Duration.ofMinutes(service.stagingMaxAgeMinutes()));
      Reconciler reconciler =
          opened.add(
              new Reconciler(
                  config.tables(),
                  table -> {
                    String head = lakeFs.branchHead(table.repository(), table.branch());
                    boolean behind =
                        TableStaleness.behind(
                            table,
                            tableSide.state(table),
                            tableSide.fingerprint(table),
                            head,
                            tableSide.source(table));
                    return behind ? head : null;
                  },
                  table -> sweeper.sweep(table, java.time.Instant.now()).size(),
                  syncing::contains,
                  (key, produced) ->
                      consumerLag.waiting(
                          new org.apache.kafka.common.TopicPartition(
                              produced.topic(), produced.partition()),
                          produced.offset(),
                          SyncTopology.repartitionTopic(service.applicationId()),
                          key),
                  new Reconciler.Listener() {
                    @Override
                    public void branchMissing(String table, boolean missing) {
                      metrics.branchMissing(table, missing);
                      board.branchMissing(table, missing);
                    }

                    @Override
                    public void swept(String table, int branches) {
                      metrics.stagingBranchesSwept(table, branches);
                    }
                  },
                  producer,
                  topics.input(),
                  System::currentTimeMillis));
      SharedSecret secret = new SharedSecret(webhookSecret);
      QualityGate gate = new QualityGate(lakeFs, s3, lakefs, allocator, embedder);
      CallerAuth callers = new CallerAuth(lakefs, metrics::lakeFsError);
      HttpEndpoints http =
          opened.add(
              HttpEndpoints.start(
                  new InetSocketAddress(service.bindAddress(), service.httpPort()),
                  Map.of(
                      WebhookBridge.PATH,
                      new WebhookBridge(
                          producer,
                          topics.input(),
                          secret,
                          KafkaClients.PRODUCER_SETTLES,
                          reconciler::eventLost),
                      PreMergeHook.PATH,
                      new PreMergeHook(
                          config.tables(), PreMergeHook.auditor(gate), secret, metrics, board),
                      "/",
                      new StatusPage(
                          board,
                          version,
                          callers,
                          config.tables().stream()
                              .collect(
                                  Collectors.toMap(TableConfig::name, TableConfig::repository))),
                      SearchEndpoint.PATH,
                      new SearchEndpoint(
                          config.tables(),
                          callers,
                          caller ->
                              new TableSearch(
                                  caller.lakeFs(), caller.settings(), allocator, embedder)),
                      Readiness.PATH,
                      new Readiness(
                          () -> streams.state() == KafkaStreams.State.RUNNING, lakeFs::reachable)),
                  registry));
      LagMonitor lag =
          opened.add(
              new LagMonitor(
                  config.tables(),
                  new TableLagProbe(lakeFs, tableSide, Clock.systemUTC()),
                  consumerLag,
                  lagTopics,
                  metrics,
                  board));
      SyncService running =
          new SyncService(streams, http, reconciler, lag, admin, producer, s3, allocator);
      streams.setUncaughtExceptionHandler(
          e -> {
            LOG.error("sync service failed; shutting down so the process exits non-zero", e);
            running.failed = true;
            running.stopped.countDown();
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      // The first lag measurement happens before Streams consumes anything: a backlog waiting at
      // start is visible on the first scrape.
      lag.start(LAG_SECONDS);
      streams.start();
      reconciler.start(service.reconcileSeconds());
      LOG.info(
          "lakesync serve: {} tables, input {}, status {}, dead letters {}, HTTP on :{} ({}, {})",
          config.tables().size(),
          topics.input(),
          topics.status(),
          topics.deadLetters(),
          http.port(),
          WebhookBridge.PATH,
          PreMergeHook.PATH);
      opened.keep();
      return running;
    }
  }

  private static List<SyncStatus> reported(
      List<SyncStatus> statuses, Metrics metrics, StatusBoard board) {
    for (SyncStatus status : statuses) {
      metrics.sync(status);
      board.sync(status);
    }
    return statuses;
  }

  /** The parser, counting dead letters and lakesync's own commits (which the topology drops). */
  private static ValueMapper<byte[], ParsedEvent> counting(
      CommitEventParser parser, Metrics metrics, IgnoredEvents ignored) {
    return bytes -> {
      ParsedEvent parsed = parser.parse(bytes);
      if (parsed instanceof ParsedEvent.Invalid) {
        metrics.deadLetter();
      } else if (parsed instanceof ParsedEvent.Valid valid && valid.event().madeByLakesync()) {
        ignored.ownCommit();
      }
      return parsed;
    };
  }

  private static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  private static TableLagProbe.TableSide tableSide(
      LakeFs lakeFs,
      S3Client s3,
      LakeFsSettings lakefs,
      BufferAllocator allocator,
      TextEmbedder embedder) {
    LanceTables lance = new LanceTables(allocator, lakefs);
    return new TableLagProbe.TableSide() {
      @Override
      public Optional<TableState> state(TableConfig table) {
        return new EmbeddingTable(
                lance,
                allocator,
                new LanceLocation(table.repository(), table.targetBranch(), table.path()),
                embedder.model().dimension())
            .state();
      }

      @Override
      public String fingerprint(TableConfig table) {
        return SyncEngine.fingerprint(table, embedder.model().stamp());
      }

      @Override
      public ObjectSource source(TableConfig table) {
        return new LakeFsObjectSource(lakeFs, s3, table.repository());
      }
    };
  }

  public int webhookPort() {
    return http.port();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether the service stopped because of a fatal error. */
  public boolean failed() {
    return failed;
  }

  /** Blocks until {@link #close()} or a fatal error; returns the process exit code. */
  public int awaitTermination() throws InterruptedException {
    stopped.await();
    return failed ? 1 : 0;
  }

  /**
   * Stops in dependency order: no new reconciliations; Streams gets {@link #DRAIN} to finish the
   * running sync (its merge may still need this process's pre-merge hook and bridge, so HTTP stays
   * up meanwhile); a sync still running after that is abandoned, which is safe because every step
   * is idempotent and the uncommitted event is read again after the restart.
   */
  @Override
  public void close() {
    reconciler.close();
    lag.close();
    boolean drained = streams.close(DRAIN);
    if (!drained) {
      LOG.warn("a sync was still running after {}; abandoned, it reruns after restart", DRAIN);
    }
    http.close();
    admin.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(10));
    s3.close();
    if (drained) {
      // With a sync abandoned mid-write its Arrow buffers are still held: leave them to the exit.
      allocator.close();
    }
    stopped.countDown();
  }
}

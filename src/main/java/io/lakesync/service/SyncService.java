package io.lakesync.service;

import io.lakefs.clients.sdk.ApiException;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.event.CommitEventParser;
import io.lakesync.gate.PreMergeHook;
import io.lakesync.gate.QualityGate;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.http.SharedSecret;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.metrics.Metrics;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TableLag;
import io.lakesync.publish.TablePublisher;
import io.lakesync.stream.PublishingSyncStep;
import io.lakesync.stream.SyncStatus;
import io.lakesync.stream.SyncTopology;
import io.lakesync.stream.TopicNames;
import io.lakesync.sync.SyncEngine;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
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

  /** How long a stopping service waits for the running sync; the pod's grace period is longer. */
  public static final Duration DRAIN = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final HttpEndpoints http;
  private final Reconciler reconciler;
  private final Producer<byte[], byte[]> producer;
  private final S3Client s3;
  private final BufferAllocator allocator;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean failed;

  private SyncService(
      KafkaStreams streams,
      HttpEndpoints http,
      Reconciler reconciler,
      Producer<byte[], byte[]> producer,
      S3Client s3,
      BufferAllocator allocator) {
    this.streams = streams;
    this.http = http;
    this.reconciler = reconciler;
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
    createMissingTopics(kafka, service, topics);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics metrics = new Metrics(registry);

    LakeFsApi api = LakeFsApi.connect(lakefs);
    S3Client s3 = S3Gateway.client(lakefs);
    BufferAllocator allocator = new RootAllocator();
    TablePublisher publisher = new TablePublisher(api, s3, lakefs, allocator, embedder, version);
    PublishingSyncStep step =
        new PublishingSyncStep(
            config.tables(),
            new PublishingSyncStep.Publisher() {
              @Override
              public String head(TableConfig table) throws IOException {
                return branchHead(api, table);
              }

              @Override
              public PublishOutcome publish(TableConfig table, String commit) throws IOException {
                return publisher.publish(table, commit);
              }
            },
            5,
            Duration.ofSeconds(1));
    Set<String> repositories =
        config.tables().stream().map(TableConfig::repository).collect(Collectors.toSet());
    KafkaStreams streams =
        new KafkaStreams(
            SyncTopology.build(
                topics,
                new CommitEventParser(repositories, CommitEventParser.DEFAULT_MAX_BYTES),
                event -> counted(step.sync(event), metrics)),
            streamsProperties(service, kafka));

    Producer<byte[], byte[]> producer = producer(kafka);
    Reconciler reconciler =
        new Reconciler(
            config.tables(),
            table -> {
              String head = branchHead(api, table);
              EmbeddingTable onTarget =
                  new EmbeddingTable(
                      new LanceTables(allocator, lakefs),
                      allocator,
                      new LanceLocation(table.repository(), table.targetBranch(), table.path()),
                      embedder.model().dimension());
              boolean behind =
                  TableLag.behind(
                      table,
                      onTarget.state(),
                      SyncEngine.fingerprint(table, embedder.model().stamp()),
                      head,
                      new LakeFsObjectSource(api, s3, table.repository()));
              return behind ? head : null;
            },
            producer,
            topics.input());
    SharedSecret secret = new SharedSecret(webhookSecret);
    QualityGate gate = new QualityGate(api, s3, lakefs, allocator, embedder);
    HttpEndpoints http =
        HttpEndpoints.start(
            new InetSocketAddress(service.httpPort()),
            Map.of(
                WebhookBridge.PATH,
                new WebhookBridge(producer, topics.input(), secret),
                PreMergeHook.PATH,
                new PreMergeHook(config.tables(), PreMergeHook.auditor(gate), secret, metrics)),
            registry);
    SyncService running = new SyncService(streams, http, reconciler, producer, s3, allocator);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("sync service failed; shutting down so the process exits non-zero", e);
          running.failed = true;
          running.stopped.countDown();
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
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
    return running;
  }

  private static List<SyncStatus> counted(List<SyncStatus> statuses, Metrics metrics) {
    statuses.forEach(s -> metrics.sync(s.table(), s.outcome()));
    return statuses;
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
    boolean drained = streams.close(DRAIN);
    if (!drained) {
      LOG.warn("a sync was still running after {}; abandoned, it reruns after restart", DRAIN);
    }
    http.close();
    producer.close(Duration.ofSeconds(10));
    s3.close();
    if (drained) {
      // With a sync abandoned mid-write its Arrow buffers are still held: leave them to the exit.
      allocator.close();
    }
    stopped.countDown();
  }

  static Properties streamsProperties(ServiceConfig service, KafkaSettings kafka) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, service.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, service.streamThreads());
    props.put(StreamsConfig.STATE_DIR_CONFIG, service.stateDir().toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // A sync runs on the stream thread: the poll interval must outlast the longest sync, or the
    // group would rebalance in the middle of a backfill.
    int pollInterval = (int) Duration.ofMinutes(service.maxSyncMinutes()).plusMinutes(5).toMillis();
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), pollInterval);
    // Keep the idle consumer's connection open through the longest sync, too.
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG),
        pollInterval + 60_000);
    // One event at a time per poll keeps the other events of the partition from waiting in the
    // client while a long sync runs (they will mostly be noops anyway).
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  static Producer<byte[], byte[]> producer(KafkaSettings kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // One in flight: on this broker, writes right after topic creation were lost otherwise
    // (KAFKA-15591).
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void createMissingTopics(
      KafkaSettings kafka, ServiceConfig service, TopicNames topics) throws IOException {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          List.of(topics.input(), topics.status(), topics.deadLetters()).stream()
              .filter(t -> !existing.contains(t))
              .map(
                  t ->
                      new NewTopic(
                          t,
                          java.util.Optional.of(service.partitions()),
                          java.util.Optional.empty()))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
        LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while creating topics");
    } catch (ExecutionException e) {
      throw new IOException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static String branchHead(LakeFsApi api, TableConfig table) throws IOException {
    try {
      return api.branches().getBranch(table.repository(), table.branch()).execute().getCommitId();
    } catch (ApiException e) {
      throw LakeFsFailure.of("read branch " + table.repository() + "/" + table.branch(), e);
    }
  }
}

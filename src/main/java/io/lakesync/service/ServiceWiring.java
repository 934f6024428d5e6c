package io.lakesync.service;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import io.lakesync.embed.EmbeddingDevice;
import io.lakesync.embed.TextModels;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.observe.ConsumerLag;
import io.lakesync.observe.LagMonitor;
import io.lakesync.observe.TableLagProbe;
import io.lakesync.publish.StagingSweeper;
import io.lakesync.publish.TablePublisher;
import io.lakesync.shard.ShardResults;
import io.lakesync.shard.ShardRunner;
import io.lakesync.shard.ShardedSync;
import io.lakesync.stream.SyncTopology;
import io.lakesync.stream.TopicNames;
import io.lakesync.sync.ImageIndexing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the parts of {@code lakesync serve} and connects them, in dependency order: the lakeFS
 * clients, the publisher and the Streams client that runs it, the Kafka clients, the reconciler,
 * the HTTP endpoints and the lag monitor. Each part that must be closed is added to the {@link
 * StartupResources} as soon as it is opened. Nothing is started here: that, and stopping, is {@link
 * SyncService}'s job.
 */
final class ServiceWiring {
  /** The parts {@link SyncService} starts and closes. */
  record Parts(
      KafkaStreams streams,
      HttpEndpoints http,
      Reconciler reconciler,
      LagMonitor lag,
      Admin admin,
      Producer<byte[], byte[]> producer,
      ShardWorker shards,
      S3Client s3,
      BufferAllocator allocator) {}

  private final LakesyncConfig config;
  private final ServiceConfig service;
  private final KafkaSettings kafka;
  private final TopicNames topics;
  private final List<String> lagTopics;
  private final ServiceReports reports;
  private final StartupResources opened;

  ServiceWiring(
      LakesyncConfig config, KafkaSettings kafka, TopicNames topics, StartupResources opened) {
    this.config = config;
    this.service = config.service();
    this.kafka = kafka;
    this.topics = topics;
    this.lagTopics =
        List.of(topics.input(), SyncTopology.repartitionTopic(service.applicationId()));
    this.reports = ServiceReports.create(config.tables(), lagTopics);
    this.opened = opened;
  }

  /** Opens and connects every part. */
  Parts open(
      LakeFsSettings lakefs,
      Secret webhookSecret,
      TextModels models,
      ImageIndexing images,
      String version)
      throws IOException {
    reports.metrics().embeddingDevice(EmbeddingDevice.selected().label());
    LakeFsSide lakeFs = LakeFsSide.open(lakefs, reports.metrics()::lakeFsError, models, opened);
    TablePublisher publisher =
        new TablePublisher(lakeFs.lakeFs(), lakeFs.s3(), lakeFs.tables(), models, images, version);
    Producer<byte[], byte[]> producer = opened.add(KafkaClients.producer(kafka));
    ShardWorker shards = opened.add(shards(lakeFs, publisher, producer));
    PublishRuns runs = new PublishRuns(publisher, lakeFs.lakeFs(), service, reports.metrics());
    KafkaStreams streams =
        opened.add(
            StreamsClient.create(
                config.tables(), service, kafka, topics, runs.step(config.tables()), reports));
    ServedTables served =
        new ServedTables(lakeFs.lakeFs(), lakeFs.s3(), lakeFs.tables(), models, images);
    Admin admin = opened.add(KafkaClients.admin(kafka));
    ConsumerLag consumerLag = new ConsumerLag(admin, service.applicationId());
    Reconciler reconciler = opened.add(reconciler(served, publisher, runs, consumerLag, producer));
    HttpEndpoints http =
        opened.add(http(lakeFs, images, webhookSecret, version, producer, reconciler, streams));
    LagMonitor lag = opened.add(lagMonitor(lakeFs, served, consumerLag));
    return new Parts(
        streams, http, reconciler, lag, admin, producer, shards, lakeFs.s3(), lakeFs.allocator());
  }

  /**
   * Sharding across the application's instances: the publisher submits the shards of a large
   * rebuild to the shard topic, and this instance's worker takes its share of everyone's shards.
   */
  private ShardWorker shards(
      LakeFsSide lakeFs, TablePublisher publisher, Producer<byte[], byte[]> producer) {
    ShardResults results = new ShardResults(lakeFs.lakeFs(), lakeFs.s3());
    publisher.shardWith(
        new ShardedSync(
            new KafkaShardQueue(producer, service.shardTopic()),
            results,
            service.shardObjects(),
            Duration.ofMinutes(service.maxSyncMinutes())));
    ShardRunner runner =
        new ShardRunner(
            config.tables(),
            publisher::engine,
            lakeFs.tables(),
            lakeFs.lakeFs(),
            results,
            workerName());
    return new ShardWorker(
        KafkaClients.shardConsumer(kafka, service),
        service.shardTopic(),
        runner,
        reports.metrics());
  }

  /** This instance in shard results and lineage: its static member id (a pod name), or host:pid. */
  private String workerName() {
    return kafka
        .groupInstanceId()
        .orElseGet(
            () -> {
              String host = System.getenv().getOrDefault("HOSTNAME", "");
              if (host.isBlank()) {
                try {
                  host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.net.UnknownHostException e) {
                  host = "localhost";
                }
              }
              return host + ":" + ProcessHandle.current().pid();
            });
  }

  /** The one HTTP server, on {@code bind_address:http_port}: the routes and the metrics. */
  private HttpEndpoints http(
      LakeFsSide lakeFs,
      ImageIndexing images,
      Secret webhookSecret,
      String version,
      Producer<byte[], byte[]> producer,
      Reconciler reconciler,
      KafkaStreams streams)
      throws IOException {
    return HttpEndpoints.start(
        new InetSocketAddress(service.bindAddress(), service.httpPort()),
        ServiceRoutes.of(
            config.tables(),
            lakeFs,
            images,
            reports,
            webhookSecret,
            version,
            producer,
            topics.input(),
            reconciler::eventLost,
            streams),
        reports.registry());
  }

  /** Measures table lag (from lakeFS) and consumer lag (from the group) for metrics and page. */
  private LagMonitor lagMonitor(LakeFsSide lakeFs, ServedTables served, ConsumerLag consumerLag) {
    return new LagMonitor(
        config.tables(),
        new TableLagProbe(lakeFs.lakeFs(), served, Clock.systemUTC()),
        consumerLag,
        lagTopics,
        reports.metrics(),
        reports.board());
  }

  /**
   * The reconciler: it produces an event for a table that fell behind its branch unless the table
   * is publishing now or its earlier event still waits, sweeps the staging branches that crashed
   * runs left, and reports both.
   */
  private Reconciler reconciler(
      ServedTables served,
      TablePublisher publisher,
      PublishRuns runs,
      ConsumerLag consumerLag,
      Producer<byte[], byte[]> producer) {
    StagingSweeper sweeper =
        new StagingSweeper(publisher, Duration.ofMinutes(service.stagingMaxAgeMinutes()));
    return new Reconciler(
        config.tables(),
        served,
        table -> sweeper.sweep(table, Instant.now()).size(),
        runs::running,
        new ConsumerBacklog(consumerLag, service.applicationId()),
        reports,
        producer,
        topics.input(),
        System::currentTimeMillis);
  }
}

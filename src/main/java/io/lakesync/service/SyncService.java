package io.lakesync.service;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.embed.TextModels;
import io.lakesync.gate.PreMergeHook;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.observe.LagMonitor;
import io.lakesync.stream.TopicNames;
import io.lakesync.sync.ImageIndexing;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code lakesync serve}: the Kafka Streams sync service, the webhook bridge and the reconciler,
 * started together and stopped together. An uncaught error shuts the Streams client down and {@link
 * #awaitTermination()} returns non-zero, so the process exits and Kubernetes restarts it.
 *
 * <p>This class is the lifecycle: start, wait, stop. How the parts are built and connected is
 * {@link ServiceWiring}'s.
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
  private final ShardWorker shards;
  private final S3Client s3;
  private final BufferAllocator allocator;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean failed;

  private SyncService(ServiceWiring.Parts parts) {
    this.streams = parts.streams();
    this.http = parts.http();
    this.reconciler = parts.reconciler();
    this.lag = parts.lag();
    this.admin = parts.admin();
    this.producer = parts.producer();
    this.shards = parts.shards();
    this.s3 = parts.s3();
    this.allocator = parts.allocator();
  }

  /** A service whose tables skip images. */
  public static SyncService start(
      LakesyncConfig config,
      LakeFsSettings lakefs,
      KafkaSettings kafka,
      Secret webhookSecret,
      TextEmbedder embedder,
      String version)
      throws IOException {
    return start(config, lakefs, kafka, webhookSecret, embedder, null, version);
  }

  /** A service whose every table embeds with {@code embedder} (tests with a model of their own). */
  public static SyncService start(
      LakesyncConfig config,
      LakeFsSettings lakefs,
      KafkaSettings kafka,
      Secret webhookSecret,
      TextEmbedder embedder,
      ImageIndexing images,
      String version)
      throws IOException {
    return start(config, lakefs, kafka, webhookSecret, TextModels.of(embedder), images, version);
  }

  /**
   * @param models the text models: each table embeds with the one it is configured with
   * @param images the image models, for tables that index images; null to skip images
   */
  public static SyncService start(
      LakesyncConfig config,
      LakeFsSettings lakefs,
      KafkaSettings kafka,
      Secret webhookSecret,
      TextModels models,
      ImageIndexing images,
      String version)
      throws IOException {
    ServiceConfig service = config.service();
    TopicNames topics =
        new TopicNames(service.inputTopic(), service.statusTopic(), service.deadLetterTopic());
    KafkaClients.createMissingTopics(kafka, service, topics);

    // Everything opened below is closed again, in reverse order, if the start fails halfway.
    try (StartupResources opened = new StartupResources()) {
      ServiceWiring wiring = new ServiceWiring(config, kafka, topics, opened);
      SyncService running =
          new SyncService(wiring.open(lakefs, webhookSecret, models, images, version));
      running.run(service.reconcileSeconds());
      LOG.info(
          "lakesync serve: {} tables, input {}, status {}, dead letters {}, HTTP on :{} ({}, {})",
          config.tables().size(),
          topics.input(),
          topics.status(),
          topics.deadLetters(),
          running.http.port(),
          WebhookBridge.PATH,
          PreMergeHook.PATH);
      opened.keep();
      return running;
    }
  }

  /** Starts the parts that run on their own, in the order their work depends on. */
  private void run(long reconcileSeconds) {
    streams.setUncaughtExceptionHandler(this::stopOnError);
    // The first lag measurement happens before Streams consumes anything: a backlog waiting at
    // start is visible on the first scrape.
    lag.start(LAG_SECONDS);
    streams.start();
    shards.start();
    reconciler.start(reconcileSeconds);
  }

  /** A Streams thread died of an error: shut the client down and let the process exit non-zero. */
  private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse stopOnError(Throwable e) {
    LOG.error("sync service failed; shutting down so the process exits non-zero", e);
    failed = true;
    stopped.countDown();
    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
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
    // A shard running here is abandoned: the group gives it to another instance.
    shards.close();
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

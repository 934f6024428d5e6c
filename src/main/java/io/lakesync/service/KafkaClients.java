package io.lakesync.service;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.ServiceConfig;
import io.lakesync.stream.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Kafka client {@code lakesync serve} makes, and every setting it gives them, in one place:
 * the Streams application, the producer of the bridge and the reconciler, and the admin client. The
 * reasons for each non-default setting are next to it.
 */
final class KafkaClients {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  /**
   * The longest a produced record stays unsettled: the producer's metadata wait plus its delivery
   * timeout, with slack. The bridge waits this long, so its answer is always the record's fate.
   */
  static final Duration PRODUCER_SETTLES = Duration.ofSeconds(10 + 30 + 5);

  private KafkaClients() {}

  /**
   * The Streams application's settings. Precedence, lowest first: Kafka's defaults; what lakesync
   * needs to be correct (exactly-once, explicit internal names, the poll interval derived from
   * {@code max_sync_minutes} and {@code retry_window_seconds}); then the deployment's identity
   * ({@code KAFKA_GROUP_INSTANCE_ID} for static membership). Nothing else overrides them.
   */
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
    // Transient failures are retried on the thread for up to retry_window_seconds on top of that.
    int pollInterval =
        (int)
            Duration.ofMinutes(service.maxSyncMinutes())
                .plusSeconds(service.retryWindowSeconds())
                .plusMinutes(5)
                .toMillis();
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
    kafka
        .groupInstanceId()
        .ifPresent(
            id ->
                props.put(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
    return props;
  }

  /** The producer of the bridge and the reconciler: idempotent, acks=all, bounded waits. */
  static Producer<byte[], byte[]> producer(KafkaSettings kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // One in flight: on this broker, writes right after topic creation were lost otherwise
    // (KAFKA-15591).
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The consumer of the shard topic: one record per poll (a shard is minutes of work), offsets
   * committed by hand once a shard's result is stored, and a short session, so the shards of an
   * instance that died go to another within seconds.
   */
  static Consumer<byte[], byte[]> shardConsumer(KafkaSettings kafka, ServiceConfig service) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, service.applicationId() + "-shards");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    config.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) Duration.ofMinutes(service.maxSyncMinutes()).toMillis());
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static Admin admin(KafkaSettings kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** Creates the input, status, dead-letter and shard topics that do not exist yet. */
  static void createMissingTopics(KafkaSettings kafka, ServiceConfig service, TopicNames topics)
      throws IOException {
    try (Admin admin = admin(kafka)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          List.of(topics.input(), topics.status(), topics.deadLetters(), service.shardTopic())
              .stream()
              .filter(t -> !existing.contains(t))
              .map(
                  t ->
                      new NewTopic(
                          t,
                          java.util.Optional.of(service.partitions()),
                          java.util.Optional.empty()))
              .toList();
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get();
          LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
          // Instances of one deployment start together: another one may have created a topic
          // between the listing and the creation. What counts is that the topics exist.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          LOG.info("topics created by another instance meanwhile: {}", e.getCause().getMessage());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while creating topics");
    } catch (ExecutionException e) {
      throw new IOException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}

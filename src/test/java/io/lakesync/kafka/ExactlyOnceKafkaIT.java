package io.lakesync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.ProjectDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The in-JVM KRaft broker supports what lakesync relies on: transactions (aborted writes are
 * invisible to read_committed consumers) and an exactly_once_v2 Streams application.
 */
@ExtendWith(KafkaExtension.class)
class ExactlyOnceKafkaIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @Test
  void abortedTransactionsAreInvisibleToReadCommittedConsumers(KafkaBroker kafka) {
    String topic = "tx-" + UUID.randomUUID();
    kafka.createTopic(topic, 3);
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-test")) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 500; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 100; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
      }
      producer.flush();
      producer.abortTransaction();
    }

    List<String> values = readAll(kafka, topic, 500);
    assertThat(values)
        .hasSize(500)
        .allMatch(v -> v.startsWith("committed-"))
        .doesNotHaveDuplicates();
  }

  @Test
  void exactlyOnceStreamsAppProcessesEveryRecordOnce(KafkaBroker kafka) throws Exception {
    String input = "eos-in-" + UUID.randomUUID();
    String output = "eos-out-" + UUID.randomUUID();
    kafka.createTopic(input, 3);
    kafka.createTopic(output, 3);
    int records = 1_000;
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "eos-input")) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(input, "key-" + (i % 17), "value-" + i));
      }
      producer.commitTransaction();
    }

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
        .mapValues(v -> v.toUpperCase(java.util.Locale.ROOT))
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
    Path stateDir = Files.createTempDirectory(ProjectDir.buildDir(), "eos-state-");
    try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsConfig(kafka, stateDir))) {
      streams.start();
      List<String> values = readAll(kafka, output, records);
      assertThat(values)
          .hasSize(records)
          .doesNotHaveDuplicates()
          .allMatch(v -> v.startsWith("VALUE-"));
    }
  }

  private static Properties streamsConfig(KafkaBroker kafka, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-it-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  private static KafkaProducer<String, String> transactionalProducer(KafkaBroker kafka, String id) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            id + "-" + UUID.randomUUID(),
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Reads until {@code expected} values arrived, then a little longer to catch extras. */
  private static List<String> readAll(KafkaBroker kafka, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT)),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // Anything duplicated or leaked from an aborted transaction would arrive right behind.
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
        values.add(r.value());
      }
    }
    return values;
  }
}

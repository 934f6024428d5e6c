package io.lakesync.service;

import io.lakesync.status.SyncStatus;
import io.lakesync.stream.JsonSerde;
import io.lakesync.testing.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the status topic in the background of the assertions; committed records only. */
final class StatusReader implements AutoCloseable {
  private final KafkaConsumer<String, SyncStatus> consumer;
  private final List<SyncStatus> seen = new ArrayList<>();
  private final Duration wait;

  StatusReader(KafkaBroker kafka, String topic) {
    this(kafka, topic, Duration.ofMinutes(3));
  }

  StatusReader(KafkaBroker kafka, String topic, Duration wait) {
    this.wait = wait;
    consumer =
        new KafkaConsumer<>(
            SyncServiceIT.consumerConfig(kafka),
            new StringDeserializer(),
            JsonSerde.of(SyncStatus.class).deserializer());
    consumer.subscribe(List.of(topic));
  }

  SyncStatus await(Predicate<SyncStatus> wanted) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SyncStatus> found = seen.stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
    }
    throw new AssertionError("no such status within " + wait + "; seen: " + seen);
  }

  void awaitAll(Predicate<List<SyncStatus>> condition) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.test(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("statuses never satisfied the condition; seen: " + seen);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
    }
  }

  List<SyncStatus> seen() {
    consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
    return seen;
  }

  @Override
  public void close() {
    consumer.close();
  }
}

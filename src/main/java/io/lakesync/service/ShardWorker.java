package io.lakesync.service;

import io.lakesync.metrics.Metrics;
import io.lakesync.shard.Shard;
import io.lakesync.shard.ShardCodec;
import io.lakesync.shard.ShardRunner;
import io.lakesync.util.DaemonThreads;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes shards from the shard topic, one at a time, on its own thread: every instance of the
 * application runs one, so a backfill's shards are embedded by all of them. A shard's offset is
 * committed only after its result is stored on the staging branch; a shard that fails is retried
 * after a pause, and a shard of an instance that died is redelivered to another by the group.
 */
final class ShardWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardWorker.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final ShardRunner runner;
  private final Metrics metrics;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean started;

  ShardWorker(
      Consumer<byte[], byte[]> consumer, String topic, ShardRunner runner, Metrics metrics) {
    this.consumer = consumer;
    this.topic = topic;
    this.runner = runner;
    this.metrics = metrics;
    this.thread = DaemonThreads.named("lakesync-shards").newThread(this::run);
  }

  void start() {
    started = true;
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          if (!process(record)) {
            break;
          }
        }
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer up.
    } catch (RuntimeException e) {
      LOG.error("shard worker stopped: {}", e.toString(), e);
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Runs one shard; false when it must be retried (its offset is rewound). */
  private boolean process(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Shard shard;
    try {
      shard = ShardCodec.shard(record.value());
    } catch (IOException malformed) {
      LOG.warn("skipping a record of {} that is no shard: {}", topic, malformed.getMessage());
      commit(partition, record.offset());
      return true;
    }
    try {
      ShardRunner.Result result = runner.run(shard);
      metrics.shard(
          shard.table(),
          result.outcome().name().toLowerCase(java.util.Locale.ROOT),
          result.counts().chunks(),
          result.counts().modelCalls());
      commit(partition, record.offset());
      return true;
    } catch (IOException | RuntimeException e) {
      if (!running) {
        return false;
      }
      LOG.warn("shard {} failed, retrying in {}: {}", shard.key(), RETRY_PAUSE, e.toString());
      consumer.seek(partition, record.offset());
      pause();
      return false;
    }
  }

  private void commit(TopicPartition partition, long offset) {
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
    } catch (CommitFailedException rebalanced) {
      // The partition moved to another instance, which runs the shard again and finds the result.
      LOG.info("shard offset not committed, the partition moved: {}", rebalanced.getMessage());
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops taking shards; one that is running is abandoned and redelivered to another instance. */
  @Override
  public void close() {
    if (!started) {
      consumer.close();
      return;
    }
    running = false;
    consumer.wakeup();
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

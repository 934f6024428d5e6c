package io.lakesync.service;

import io.lakesync.shard.Shard;
import io.lakesync.shard.ShardCodec;
import io.lakesync.shard.ShardQueue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The shard topic as the work queue: shard i goes to partition i mod partitions, so the shards of
 * one sync spread evenly over the partitions, and the group spreads the partitions over the
 * instances.
 */
final class KafkaShardQueue implements ShardQueue {
  private final Producer<byte[], byte[]> producer;
  private final String topic;

  KafkaShardQueue(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void submit(List<Shard> shards) throws IOException {
    int partitions = producer.partitionsFor(topic).size();
    List<Future<RecordMetadata>> sent = new ArrayList<>(shards.size());
    for (Shard shard : shards) {
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  topic,
                  shard.index() % partitions,
                  shard.key().getBytes(StandardCharsets.UTF_8),
                  ShardCodec.shard(shard))));
    }
    try {
      for (Future<RecordMetadata> future : sent) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while submitting shards");
    } catch (ExecutionException e) {
      throw new IOException("cannot submit shards to " + topic + ": " + e.getCause(), e.getCause());
    }
  }
}

package io.lakesync.service;

import io.lakesync.observe.ConsumerLag;
import io.lakesync.stream.SyncTopology;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an event the reconciler produced still waits in the Streams application's group: not yet
 * consumed from the input topic, or behind others in its branch's repartition partition. While it
 * waits, the reconciler does not produce the same head again.
 */
final class ConsumerBacklog implements Reconciler.Backlog {
  private final ConsumerLag lag;
  private final String repartitionTopic;

  ConsumerBacklog(ConsumerLag lag, String applicationId) {
    this.lag = lag;
    this.repartitionTopic = SyncTopology.repartitionTopic(applicationId);
  }

  @Override
  public boolean waiting(String key, RecordMetadata produced) throws Exception {
    return lag.waiting(
        new TopicPartition(produced.topic(), produced.partition()),
        produced.offset(),
        repartitionTopic,
        key);
  }
}

package io.lakesync.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Streams application's backlog per topic, from the broker's point of view: last stable offset
 * (read_committed) minus the group's committed offset, summed over partitions. The consumer's own
 * per-partition lag gauges only cover assigned partitions and go stale between polls, which hides
 * exactly the backlog an operator needs to see (a long sync blocks the poll).
 */
public final class ConsumerLag {
  private final Admin admin;
  private final String groupId;

  public ConsumerLag(Admin admin, String groupId) {
    this.admin = admin;
    this.groupId = groupId;
  }

  /** Records not yet processed, per topic; a partition the group never committed counts whole. */
  public Map<String, Long> byTopic(List<String> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<TopicPartition> partitions = new ArrayList<>();
    for (var topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
      try {
        TopicDescription d = topic.getValue().get(10, TimeUnit.SECONDS);
        d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
      } catch (ExecutionException e) {
        // Streams creates its repartition topic at start: until then it has no backlog.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
    Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
    Map<String, Long> lag = new HashMap<>();
    topics.forEach(t -> lag.put(t, 0L));
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata at = committed.get(partition);
      long position = at == null ? starts.get(partition) : at.offset();
      lag.merge(partition.topic(), Math.max(0, ends.get(partition) - position), Long::sum);
    }
    return lag;
  }

  /**
   * Whether a record produced to the input topic still waits to be synced: the group has not
   * consumed it yet, or the repartition topic's partition for its key has a backlog (Streams
   * partitions it by the same key, with the producer's default hashing).
   */
  public boolean waiting(TopicPartition input, long offset, String repartitionTopic, String key)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
    OffsetAndMetadata consumed = committed.get(input);
    if (consumed == null || consumed.offset() <= offset) {
      return true;
    }
    TopicDescription repartition;
    try {
      repartition =
          admin
              .describeTopics(List.of(repartitionTopic))
              .topicNameValues()
              .get(repartitionTopic)
              .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
    byte[] keyBytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TopicPartition partition =
        new TopicPartition(
            repartitionTopic,
            org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(keyBytes))
                % repartition.partitions().size());
    OffsetAndMetadata synced = committed.get(partition);
    long end = offsets(List.of(partition), OffsetSpec.latest()).get(partition);
    return synced == null ? end > 0 : synced.offset() < end;
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets()
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS);
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }
}

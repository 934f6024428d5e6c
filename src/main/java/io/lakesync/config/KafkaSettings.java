package io.lakesync.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Kafka, and who this instance is. Everything else about the clients is decided by the
 * app that uses them.
 *
 * @param groupInstanceId static group membership ({@code group.instance.id}), e.g. the pod name of
 *     a StatefulSet replica: a restarted instance gets its partitions back without a rebalance
 */
public record KafkaSettings(String bootstrapServers, Optional<String> groupInstanceId) {
  public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String INSTANCE_VARIABLE = "KAFKA_GROUP_INSTANCE_ID";

  public KafkaSettings(String bootstrapServers) {
    this(bootstrapServers, Optional.empty());
  }

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new ConfigException(BOOTSTRAP_VARIABLE, "must not be blank");
    }
  }

  public static KafkaSettings fromEnvironment(Environment env) {
    return new KafkaSettings(
        env.require(BOOTSTRAP_VARIABLE), env.get(INSTANCE_VARIABLE).filter(id -> !id.isBlank()));
  }
}

package io.lakesync.config;

import java.util.Objects;

/** How to reach Kafka. Everything else about the clients is decided by the app that uses them. */
public record KafkaSettings(String bootstrapServers) {
  public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new ConfigException(BOOTSTRAP_VARIABLE, "must not be blank");
    }
  }

  public static KafkaSettings fromEnvironment(Environment env) {
    return new KafkaSettings(env.require(BOOTSTRAP_VARIABLE));
  }
}

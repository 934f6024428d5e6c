package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.ServiceConfig;
import io.lakesync.stream.TopicNames;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.ServiceYaml;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The replicas of a deployment start together, and each creates the topics that are missing: one
 * must not fail because another created a topic first (a replica that did crashed at start).
 */
@ExtendWith(KafkaExtension.class)
class TopicCreationIT {
  private static final int INSTANCES = 4;

  @Test
  void instancesStartingTogetherAllFindTheirTopics(KafkaBroker kafka) throws Exception {
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers());
    ExecutorService starting = Executors.newFixedThreadPool(INSTANCES);
    try {
      for (int round = 0; round < 5; round++) {
        String app = "topics-it-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceConfig service =
            LakesyncConfig.parse(
                    ServiceYaml.section(app, 2, 0, 60, ProjectDir.buildDir().resolve(app))
                        + "tables: [{name: docs, repository: repo, branch: main}]\n")
                .service();
        TopicNames topics =
            new TopicNames(service.inputTopic(), service.statusTopic(), service.deadLetterTopic());
        List<Callable<Void>> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
          instances.add(
              () -> {
                KafkaClients.createMissingTopics(settings, service, topics);
                return null;
              });
        }
        for (Future<Void> started : starting.invokeAll(instances)) {
          started.get(); // throws what an instance threw
        }
        try (Admin admin = KafkaClients.admin(settings)) {
          assertThat(admin.listTopics().names().get())
              .contains(
                  topics.input(), topics.status(), topics.deadLetters(), service.shardTopic());
        }
      }
    } finally {
      starting.shutdownNow();
    }
  }
}

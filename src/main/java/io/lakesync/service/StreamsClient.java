package io.lakesync.service;

import io.lakesync.config.KafkaSettings;
import io.lakesync.config.ServiceConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.event.CommitEventParser;
import io.lakesync.event.ParsedEvent;
import io.lakesync.status.SyncStatus;
import io.lakesync.stream.SyncStep;
import io.lakesync.stream.SyncTopology;
import io.lakesync.stream.TopicNames;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * The Kafka Streams client of {@code lakesync serve}: the sync topology, with its parser counting
 * dead letters and lakesync's own commits, and its sync step reporting every outcome and counting
 * the events no table follows. Its settings are {@link KafkaClients#streamsProperties}.
 */
final class StreamsClient {
  private StreamsClient() {}

  /** The client, not started yet. */
  static KafkaStreams create(
      List<TableConfig> tables,
      ServiceConfig service,
      KafkaSettings kafka,
      TopicNames topics,
      SyncStep step,
      ServiceReports reports) {
    IgnoredEvents ignored = new IgnoredEvents(reports.metrics());
    Set<String> repositories =
        tables.stream().map(TableConfig::repository).collect(Collectors.toSet());
    return new KafkaStreams(
        SyncTopology.build(
            topics,
            counting(
                new CommitEventParser(repositories, CommitEventParser.DEFAULT_MAX_BYTES),
                reports,
                ignored),
            event -> {
              List<SyncStatus> statuses = step.sync(event);
              if (statuses.isEmpty()) {
                ignored.noTableFollows(event);
              }
              return reports.synced(statuses);
            }),
        KafkaClients.streamsProperties(service, kafka));
  }

  /** The parser, counting dead letters and lakesync's own commits (which the topology drops). */
  private static ValueMapper<byte[], ParsedEvent> counting(
      CommitEventParser parser, ServiceReports reports, IgnoredEvents ignored) {
    return bytes -> {
      ParsedEvent parsed = parser.parse(bytes);
      if (parsed instanceof ParsedEvent.Invalid) {
        reports.metrics().deadLetter();
      } else if (parsed instanceof ParsedEvent.Valid valid && valid.event().madeByLakesync()) {
        ignored.ownCommit();
      }
      return parsed;
    };
  }
}

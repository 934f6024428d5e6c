package io.lakesync.stream;

import io.lakesync.event.CommitEvent;
import io.lakesync.event.CommitEventParser;
import io.lakesync.event.ParsedEvent;
import io.lakesync.status.SyncStatus;
import java.time.InstantSource;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.ValueMapper;

/**
 * The sync service's topology, built by one pure function that the service and the tests call
 * alike. Its shape is committed under {@code topologies/} and checked by a test.
 *
 * <pre>
 * commit events ─ parse ─┬─ invalid ─ dead-letter headers ─▶ dead-letter topic
 *                        └─ valid ─ drop lakesync's own commits ─ key by repository/branch
 *                             ─▶ repartition "commit-events-by-branch" ─ sync ─▶ status topic
 * </pre>
 */
public final class SyncTopology {
  static final String REPARTITION = "commit-events-by-branch";
  private static final Serde<CommitEvent> EVENTS = JsonSerde.of(CommitEvent.class);
  private static final Serde<SyncStatus> STATUSES = JsonSerde.of(SyncStatus.class);

  private SyncTopology() {}

  /** The repartition topic Kafka Streams creates for this topology, whose backlog is also lag. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + REPARTITION + "-repartition";
  }

  public static Topology build(TopicNames topics, CommitEventParser parser, SyncStep step) {
    return build(topics, parser::parse, step);
  }

  /** The same topology with any parse function (the service wraps the parser to count). */
  public static Topology build(
      TopicNames topics, ValueMapper<byte[], ParsedEvent> parse, SyncStep step) {
    return build(topics, parse, step, InstantSource.system());
  }

  /** The same topology with the clock that timestamps status records (tests pass their own). */
  public static Topology build(
      TopicNames topics,
      ValueMapper<byte[], ParsedEvent> parse,
      SyncStep step,
      InstantSource clock) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<byte[], ParsedEvent> parsed =
        builder.stream(
                topics.input(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("commit-events"))
            .mapValues(parse, Named.as("parse"));

    var branches = parsed.split(Named.as("parsed-"));
    branches.branch(
        (key, value) -> value instanceof ParsedEvent.Invalid,
        Branched.withConsumer(
            invalid ->
                invalid
                    .processValues(DeadLetterHeaders::new, Named.as("dead-letter-headers"))
                    .to(
                        topics.deadLetters(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName("dead-letters")),
            "invalid"));
    branches.defaultBranch(
        Branched.withConsumer(
            valid ->
                valid
                    .mapValues(v -> ((ParsedEvent.Valid) v).event(), Named.as("event"))
                    .filterNot((key, event) -> event.madeByLakesync(), Named.as("skip-own-commits"))
                    .selectKey(
                        (key, event) -> event.branchKey().toString(), Named.as("key-by-branch"))
                    .repartition(Repartitioned.with(Serdes.String(), EVENTS).withName(REPARTITION))
                    .process(() -> new SyncProcessor(step, clock), Named.as("sync"))
                    .to(
                        topics.status(),
                        Produced.with(Serdes.String(), STATUSES).withName("sync-status")),
            "valid"));
    return builder.build();
  }
}

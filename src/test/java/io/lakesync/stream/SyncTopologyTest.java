package io.lakesync.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.event.CommitEvent;
import io.lakesync.event.CommitEventParser;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The production topology function, driven without a broker. */
class SyncTopologyTest {
  private static final Path DESCRIBED = Path.of("topologies/sync-service.txt");

  private final List<CommitEvent> synced = new ArrayList<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Runnable duringSync = () -> {};
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> input;
  private TestOutputTopic<String, SyncStatus> status;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(topology(), properties());
    input =
        driver.createInputTopic(
            TopicNames.DEFAULTS.input(), new ByteArraySerializer(), new ByteArraySerializer());
    status =
        driver.createOutputTopic(
            TopicNames.DEFAULTS.status(),
            new StringDeserializer(),
            JsonSerde.of(SyncStatus.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            TopicNames.DEFAULTS.deadLetters(),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aWebhookEventIsSyncedAndItsStatusPublishedByTable() {
    send(
        "{\"event_type\":\"post-commit\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\",\"commit_id\":\"c0ffee000001\"}");

    assertThat(synced).extracting(CommitEvent::commitId).containsExactly("c0ffee000001");
    TestRecord<String, SyncStatus> record = status.readRecord();
    assertThat(record.key()).isEqualTo("docs");
    assertThat(record.value().outcome()).isEqualTo(SyncOutcome.MERGED);
    assertThat(record.value().eventCommit()).isEqualTo("c0ffee000001");
    assertThat(record.value().phasesMs()).containsEntry("write", 2L);
    assertThat(status.isEmpty()).isTrue();
  }

  @Test
  void aStatusIsTimestampedWhenItsSyncEndedNotWithTheEventsTime() {
    Instant eventTime = Instant.parse("2020-01-01T00:00:00Z");
    now = Instant.parse("2030-01-01T00:00:00Z");
    duringSync = () -> now = now.plus(Duration.ofMinutes(5));

    input.pipeInput(
        null, event("main", "aaaaaa000009").getBytes(StandardCharsets.UTF_8), eventTime);

    assertThat(status.readRecord().getRecordTime())
        .isEqualTo(Instant.parse("2030-01-01T00:05:00Z"));
  }

  @Test
  void eventsAreKeyedByBranchAndEachBranchKeepsItsOrder() {
    send(event("main", "aaaaaa000001"));
    send(event("dev", "bbbbbb000001"));
    send(event("main", "aaaaaa000002"));
    send(event("dev", "bbbbbb000002"));

    assertThat(synced)
        .filteredOn(e -> e.branch().equals("main"))
        .extracting(CommitEvent::commitId)
        .containsExactly("aaaaaa000001", "aaaaaa000002");
    assertThat(synced)
        .filteredOn(e -> e.branch().equals("dev"))
        .extracting(CommitEvent::commitId)
        .containsExactly("bbbbbb000001", "bbbbbb000002");
    assertThat(status.readRecordsToList()).hasSize(4);
  }

  @Test
  void lakesyncsOwnMergeCommitsAreIgnored() {
    send(
        "{\"event_type\":\"post-merge\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\","
            + "\"commit_id\":\"abcdef000001\",\"merge_source\":\"lakesync-docs-abcdef000001-1764486000-0a1b2c\","
            + "\"commit_metadata\":{\"lakesync.table\":\"docs\"}}");

    assertThat(synced).isEmpty();
    assertThat(status.isEmpty()).isTrue();
  }

  @Test
  void badRecordsGoToTheDeadLetterTopicWithReasonAndSourceAndTheStreamGoesOn() {
    byte[] malformed = "{not json".getBytes(StandardCharsets.UTF_8);
    input.pipeInput("k".getBytes(StandardCharsets.UTF_8), malformed);
    send(
        "{\"repository_id\":\"unknown-repo\",\"branch_id\":\"main\",\"commit_id\":\"abcdef000001\"}");
    send(event("main", "aaaaaa000003"));

    List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
    assertThat(letters).hasSize(2);
    assertThat(letters.get(0).value()).isEqualTo(malformed);
    assertThat(letters.get(0).key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    assertThat(header(letters.get(0), DeadLetterHeaders.REASON)).startsWith("malformed JSON");
    assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(TopicNames.DEFAULTS.input());
    assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
    assertThat(header(letters.get(1), DeadLetterHeaders.REASON))
        .startsWith("unknown repository 'unknown-repo'");
    assertThat(header(letters.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(synced).extracting(CommitEvent::commitId).containsExactly("aaaaaa000003");
  }

  @Test
  void theCommittedTopologyDescriptionMatches() throws Exception {
    String described = topology().describe().toString();
    if (Boolean.getBoolean("lakesync.writeTopologies")) {
      Files.writeString(DESCRIBED, described);
    }
    assertThat(described)
        .as("topology changed: run with -Dlakesync.writeTopologies=true and commit %s", DESCRIBED)
        .isEqualTo(Files.readString(DESCRIBED));
  }

  private Topology topology() {
    return SyncTopology.build(
        TopicNames.DEFAULTS,
        new CommitEventParser(Set.of("docs-repo"), CommitEventParser.DEFAULT_MAX_BYTES)::parse,
        event -> {
          synced.add(event);
          duringSync.run();
          return List.of(
              new SyncStatus(
                  "docs",
                  event.repository(),
                  event.branch(),
                  SyncOutcome.MERGED,
                  event.commitId(),
                  event.commitId(),
                  "merge-" + event.commitId(),
                  1,
                  0,
                  0,
                  0,
                  1,
                  1,
                  0,
                  0,
                  0,
                  5,
                  "",
                  java.util.Map.of("write", 2L)));
        },
        () -> now);
  }

  static Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lakesync-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    return props;
  }

  private void send(String json) {
    input.pipeInput(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String event(String branch, String commit) {
    return "{\"repository_id\":\"docs-repo\",\"branch_id\":\""
        + branch
        + "\",\"commit_id\":\""
        + commit
        + "\"}";
  }

  private static String header(TestRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

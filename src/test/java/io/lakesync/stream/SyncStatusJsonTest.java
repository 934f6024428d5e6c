package io.lakesync.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The status topic's JSON is an interface: these records must read and write exactly so. */
class SyncStatusJsonTest {
  private static final Serde<SyncStatus> SERDE = JsonSerde.of(SyncStatus.class);

  private static final String FAILED_JSON =
      "{\"table\":\"docs\",\"repository\":\"repo\",\"branch\":\"main\",\"outcome\":\"failed\","
          + "\"event_commit\":\"event0000001\",\"source_commit\":\"\",\"merge_commit\":\"\","
          + "\"added\":0,\"updated\":0,\"deleted\":0,\"skipped\":0,\"chunks\":0,"
          + "\"model_calls\":0,\"reused\":0,\"duration_ms\":42,"
          + "\"message\":\"lakeFS unreachable\",\"phases_ms\":{}}";

  private static final String MERGED_JSON =
      "{\"table\":\"docs\",\"repository\":\"repo\",\"branch\":\"main\",\"outcome\":\"merged\","
          + "\"event_commit\":\"event0000001\",\"source_commit\":\"head00000001\","
          + "\"merge_commit\":\"merge00000001\",\"added\":3,\"updated\":1,\"deleted\":2,"
          + "\"skipped\":1,\"chunks\":7,\"model_calls\":5,\"reused\":2,\"duration_ms\":120,"
          + "\"message\":\"\",\"phases_ms\":{\"merge\":9}}";

  @Test
  void writesAFailedStatusExactlyAsBefore() {
    assertThat(json(failed())).isEqualTo(FAILED_JSON);
  }

  @Test
  void writesAMergedStatusExactlyAsBefore() {
    assertThat(json(merged())).isEqualTo(MERGED_JSON);
  }

  @Test
  void readsRecordsTheEarlierVersionWrote() {
    assertThat(read(FAILED_JSON)).isEqualTo(failed());
    assertThat(read(MERGED_JSON)).isEqualTo(merged());
    for (String outcome : new String[] {"merged", "rejected", "failed", "noop"}) {
      String json =
          MERGED_JSON.replace("\"outcome\":\"merged\"", "\"outcome\":\"" + outcome + "\"");
      assertThat(json(read(json))).isEqualTo(json);
    }
  }

  @Test
  void refusesAnOutcomeItDoesNotKnow() {
    String json = MERGED_JSON.replace("\"outcome\":\"merged\"", "\"outcome\":\"MERGED\"");
    assertThatThrownBy(() -> read(json)).isInstanceOf(SerializationException.class);
  }

  private static SyncStatus failed() {
    return new SyncStatus(
        "docs",
        "repo",
        "main",
        SyncOutcome.FAILED,
        "event0000001",
        "",
        "",
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        42,
        "lakeFS unreachable",
        Map.of());
  }

  private static SyncStatus merged() {
    return new SyncStatus(
        "docs",
        "repo",
        "main",
        SyncOutcome.MERGED,
        "event0000001",
        "head00000001",
        "merge00000001",
        3,
        1,
        2,
        1,
        7,
        5,
        2,
        120,
        "",
        Map.of("merge", 9L));
  }

  private static String json(SyncStatus status) {
    return new String(SERDE.serializer().serialize("statuses", status), StandardCharsets.UTF_8);
  }

  private static SyncStatus read(String json) {
    return SERDE.deserializer().deserialize("statuses", json.getBytes(StandardCharsets.UTF_8));
  }
}

package io.lakesync.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.extract.SkipReason;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.sync.SyncResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The status topic's JSON is an interface: the statuses the step reports (a failure, a publish's
 * outcome) must write exactly so, and records written by earlier versions must still read.
 */
class SyncStatusJsonTest {
  private static final Serde<SyncStatus> SERDE = JsonSerde.of(SyncStatus.class);

  private static final String FAILED_JSON =
      "{\"table\":\"docs\",\"repository\":\"repo\",\"branch\":\"main\",\"outcome\":\"failed\","
          + "\"event_commit\":\"event0000001\",\"source_commit\":\"\",\"merge_commit\":\"\","
          + "\"added\":0,\"updated\":0,\"deleted\":0,\"skipped\":0,\"chunks\":0,"
          + "\"model_calls\":0,\"reused\":0,\"image_model_calls\":0,\"images_reused\":0,"
          + "\"duration_ms\":42,"
          + "\"message\":\"lakeFS unreachable\",\"phases_ms\":{}}";

  private static final String MERGED_JSON =
      "{\"table\":\"docs\",\"repository\":\"repo\",\"branch\":\"main\",\"outcome\":\"merged\","
          + "\"event_commit\":\"event0000001\",\"source_commit\":\"head00000001\","
          + "\"merge_commit\":\"merge00000001\",\"added\":3,\"updated\":1,\"deleted\":2,"
          + "\"skipped\":1,\"chunks\":7,\"model_calls\":5,\"reused\":2,"
          + "\"image_model_calls\":0,\"images_reused\":0,\"duration_ms\":120,"
          + "\"message\":\"\",\"phases_ms\":{\"merge\":9}}";

  /** A record as versions before images wrote it: without the image counts. */
  private static final String MERGED_BEFORE_IMAGES_JSON =
      MERGED_JSON.replace("\"image_model_calls\":0,\"images_reused\":0,", "");

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
    assertThat(read(MERGED_BEFORE_IMAGES_JSON)).isEqualTo(merged());
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

  private static final TableConfig DOCS =
      LakesyncConfig.parse(
              """
              tables:
                - {name: docs, repository: repo, branch: main}
              """)
          .tables()
          .get(0);

  private static SyncStatus failed() {
    return SyncStatus.failed(DOCS, "event0000001", "lakeFS unreachable", 42);
  }

  private static SyncStatus merged() {
    SyncResult result =
        new SyncResult(
            "head00000001",
            "prev00000001",
            false,
            false,
            3,
            1,
            2,
            Map.of(SkipReason.EMPTY, 1),
            7,
            5,
            2,
            0,
            0,
            Map.of("write", 4L));
    return new PublishOutcome(
            PublishOutcome.Status.MERGED,
            "docs",
            "head00000001",
            Optional.of(result),
            Optional.of("merge00000001"),
            "lakesync-docs-head00000001",
            "",
            Map.of("merge", 9L))
        .toStatus(DOCS, "event0000001", 120);
  }

  private static String json(SyncStatus status) {
    return new String(SERDE.serializer().serialize("statuses", status), StandardCharsets.UTF_8);
  }

  private static SyncStatus read(String json) {
    return SERDE.deserializer().deserialize("statuses", json.getBytes(StandardCharsets.UTF_8));
  }
}

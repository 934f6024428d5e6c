package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.status.SyncOutcome;
import io.lakesync.status.SyncStatus;
import io.lakesync.stream.JsonSerde;
import io.lakesync.sync.SyncResult;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncCommandJsonTest {
  private static final TableConfig DOCS =
      LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
          .tables()
          .get(0);

  @Test
  void jsonIsTheStatusRecordOnOneLineWithTheDurationAndEveryPhase() {
    SyncResult result =
        new SyncResult(
            "head00000001",
            "",
            false,
            true,
            3,
            0,
            0,
            Map.of(),
            7,
            5,
            2,
            0,
            0,
            Map.of("plan", 1L, "read", 2L, "embed", 3L, "write", 4L));
    PublishOutcome outcome =
        new PublishOutcome(
            PublishOutcome.Status.MERGED,
            "docs",
            "head00000001",
            Optional.of(result),
            Optional.of("merge00000001"),
            "lakesync-docs-head00000001",
            "",
            Map.of("check", 5L, "plan", 1L, "read", 2L, "embed", 3L, "write", 4L, "merge", 9L));

    String json = SyncCommand.json(outcome, DOCS, 120);

    assertThat(json).doesNotContain("\n").contains("\"duration_ms\":120");
    SyncStatus status =
        JsonSerde.of(SyncStatus.class)
            .deserializer()
            .deserialize("", json.getBytes(StandardCharsets.UTF_8));
    assertThat(status.outcome()).isEqualTo(SyncOutcome.MERGED);
    assertThat(status.chunks()).isEqualTo(7);
    assertThat(status.modelCalls()).isEqualTo(5);
    assertThat(status.reused()).isEqualTo(2);
    assertThat(status.mergeCommit()).isEqualTo("merge00000001");
    assertThat(status.phasesMs())
        .containsOnlyKeys("check", "plan", "read", "embed", "write", "merge");
  }
}

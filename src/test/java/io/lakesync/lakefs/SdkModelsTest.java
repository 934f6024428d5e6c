package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.SourceObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdkModelsTest {
  @Test
  void mapsTwoDotEntryTypes() {
    Diff diff = new Diff().type(Diff.TypeEnum.CHANGED).path("docs/a.md").sizeBytes(12L);

    assertThat(SdkModels.change(diff))
        .isEqualTo(new ObjectChange(ObjectChange.Kind.CHANGED, "docs/a.md", 12));
    assertThat(SdkModels.kindOf(Diff.TypeEnum.ADDED)).isEqualTo(ObjectChange.Kind.ADDED);
    assertThat(SdkModels.kindOf(Diff.TypeEnum.REMOVED)).isEqualTo(ObjectChange.Kind.REMOVED);
  }

  @Test
  void removedEntriesWithoutSizeGetZero() {
    Diff diff = new Diff().type(Diff.TypeEnum.REMOVED).path("docs/gone.md");

    assertThat(SdkModels.change(diff).sizeBytes()).isZero();
  }

  @Test
  void refusesEntryTypesATwoDotDiffCannotProduce() {
    assertThatThrownBy(() -> SdkModels.kindOf(Diff.TypeEnum.CONFLICT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conflict");
  }

  @Test
  void aCommitWithoutMetadataOrParentsHasEmptyOnes() {
    LakeFsCommit commit =
        SdkModels.commit(
            new Commit()
                .id("c1")
                .message("Repository created")
                .committer("admin")
                .creationDate(1_700_000_000L));

    assertThat(commit)
        .isEqualTo(
            new LakeFsCommit(
                "c1",
                "Repository created",
                "admin",
                Instant.ofEpochSecond(1_700_000_000L),
                Map.of(),
                List.of()));
  }

  @Test
  void aCommitKeepsItsLineageAndParents() {
    LakeFsCommit commit =
        SdkModels.commit(
            new Commit()
                .id("m")
                .message("merge")
                .committer("lakesync")
                .creationDate(5L)
                .metadata(Map.of("lakesync.table", "docs"))
                .parents(List.of("a", "b")));

    assertThat(commit.metadata()).containsExactly(Map.entry("lakesync.table", "docs"));
    assertThat(commit.parents()).containsExactly("a", "b");
  }

  @Test
  void objectStatsWithoutSizeAreEmptyObjects() {
    ObjectStats stats =
        new ObjectStats()
            .path("docs/a.md")
            .checksum("abc")
            .pathType(ObjectStats.PathTypeEnum.OBJECT);

    assertThat(SdkModels.isObject(stats)).isTrue();
    assertThat(SdkModels.object(stats)).isEqualTo(new SourceObject("docs/a.md", "abc", 0));
    assertThat(SdkModels.isObject(stats.pathType(ObjectStats.PathTypeEnum.COMMON_PREFIX)))
        .isFalse();
  }

  @Test
  void actionAndHookRunsSayWhetherTheyFailed() {
    OffsetDateTime started = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2));

    assertThat(
            SdkModels.run(
                new io.lakefs.clients.sdk.model.ActionRun()
                    .runId("r1")
                    .eventType("pre-merge")
                    .status(io.lakefs.clients.sdk.model.ActionRun.StatusEnum.FAILED)
                    .startTime(started)))
        .isEqualTo(new ActionRun("r1", "pre-merge", true, started.toInstant()));
    assertThat(
            SdkModels.hook(
                new io.lakefs.clients.sdk.model.HookRun()
                    .hookRunId("h1")
                    .hookId("lakesync_quality_gate")
                    .status(io.lakefs.clients.sdk.model.HookRun.StatusEnum.COMPLETED)))
        .isEqualTo(new HookRun("h1", "lakesync_quality_gate", false));
  }
}

package io.lakesync.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.sync.SourceObject;
import io.lakesync.sync.SyncCheckpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A new owner's decision about a sharded sync's staging branch it finds, without any server. */
class ShardAdoptionTest {
  private static final String VERSION = "1.2.3";
  private static final String STAGING = "lakesync-docs-0123456789ab-1796053630-7692bb";

  @Test
  void theShardsWithoutAStoredResultAreSubmittedAgainAndNoOther() throws Exception {
    List<Shard> shards = cut(objects(10), 3);
    ShardPlan plan = ShardPlan.of(shards, 3, VERSION);

    assertThat(ShardAdoption.unfinished(plan, plan, shards, Set.of(0, 2)))
        .extracting(Shard::index)
        .containsExactly(1, 3);
    assertThat(ShardAdoption.unfinished(plan, plan, shards, Set.of(0, 1, 2, 3))).isEmpty();
    assertThat(ShardAdoption.unfinished(plan, plan, shards, Set.of()))
        .extracting(Shard::index)
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void aBranchOfAnotherCutIsNotTakenOver() {
    List<SourceObject> objects = objects(10);
    ShardPlan recorded = ShardPlan.of(cut(objects, 3), 3, VERSION);

    // Another shard size: judged from the branch's metadata alone, before planning.
    assertThat(ShardAdoption.possible(recorded, 3, VERSION)).isTrue();
    assertThat(ShardAdoption.possible(recorded, 4, VERSION)).isFalse();
    // Another version: its results are in another fragment format.
    assertThat(ShardAdoption.possible(recorded, 3, "1.2.4")).isFalse();

    // The same size and version but other objects (the plan is checked once the sync is planned).
    List<SourceObject> changed = new java.util.ArrayList<>(objects);
    changed.set(4, new SourceObject(objects.get(4).path(), "other-checksum", 10));
    List<Shard> now = cut(changed, 3);
    assertThatThrownBy(
            () -> ShardAdoption.unfinished(recorded, ShardPlan.of(now, 3, VERSION), now, Set.of(0)))
        .isInstanceOf(ShardAdoption.PlanChanged.class)
        .hasMessageContaining("another plan");
  }

  @Test
  void thePlanDependsOnEveryObjectAndOnWhereTheShardsAreCut() {
    List<SourceObject> objects = objects(10);
    ShardPlan plan = ShardPlan.of(cut(objects, 3), 3, VERSION);

    assertThat(ShardPlan.of(cut(objects(10), 3), 3, VERSION)).isEqualTo(plan);
    assertThat(ShardPlan.of(cut(objects, 5), 5, VERSION).digest()).isNotEqualTo(plan.digest());
    assertThat(ShardPlan.of(cut(objects.subList(0, 9), 3), 3, VERSION).digest())
        .isNotEqualTo(plan.digest());
    assertThat(plan.shards()).isEqualTo(4);
    assertThat(plan.objects()).isEqualTo(10);
  }

  @Test
  void thePlanIsACheckpointOfTheSyncSoTheSweepAgesTheBranchByIt() {
    ShardPlan plan = ShardPlan.of(cut(objects(10), 3), 3, VERSION);
    SyncCheckpoint started =
        new SyncCheckpoint("c0ffee", "", "fingerprint", "", SyncCheckpoint.Counts.NONE);
    Map<String, String> head = new HashMap<>(started.asMetadata());
    head.putAll(plan.asMetadata());

    assertThat(ShardPlan.fromMetadata(head)).contains(plan);
    assertThat(SyncCheckpoint.isCheckpoint(head)).isTrue();
    assertThat(
            SyncCheckpoint.fromMetadata(head).orElseThrow().continues("c0ffee", "", "fingerprint"))
        .isTrue();
    // A streaming sync's checkpoint, or a finished sync's commit, records no plan.
    assertThat(ShardPlan.fromMetadata(started.asMetadata())).isEmpty();
    assertThat(ShardPlan.fromMetadata(Map.of("lakesync.table", "docs"))).isEmpty();
    // A plan edited by hand is not trusted.
    head.put(ShardPlan.PREFIX + "shards", "many");
    assertThat(ShardPlan.fromMetadata(head)).isEmpty();
  }

  private static List<SourceObject> objects(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new SourceObject(String.format("docs/note-%04d.md", i), "sum" + i, 10 + i))
        .toList();
  }

  private static List<Shard> cut(List<SourceObject> objects, int size) {
    return Shard.cut("docs", "repo", "c0ffee", STAGING, objects, Set.of(), size);
  }
}

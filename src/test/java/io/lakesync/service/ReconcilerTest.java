package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.lakefs.LakeFsFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The reconciler's decisions, on a mock producer and scripted lag answers: no network. */
class ReconcilerTest {
  private static final List<TableConfig> TABLES =
      LakesyncConfig.parse(
              """
              tables:
                - {name: docs, repository: repo-a, branch: main}
                - {name: gone, repository: repo-a, branch: deleted}
              """)
          .tables();

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final Map<String, Object> lag = new java.util.HashMap<>();
  private final Set<String> running = new HashSet<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> swept = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private boolean waiting;

  private final Reconciler reconciler =
      new Reconciler(
          TABLES,
          table -> {
            Object answer = lag.get(table.name());
            if (answer instanceof IOException e) {
              throw e;
            }
            return (String) answer;
          },
          table -> {
            swept.add(table.name());
            return 0;
          },
          running::contains,
          (key, produced) -> waiting,
          new Reconciler.Listener() {
            @Override
            public void branchMissing(String table, boolean isMissing) {
              missing.add(table + "=" + isMissing);
            }
          },
          producer,
          "events",
          now::get);

  @Test
  void aTableBehindGetsAnEventKeyedByItsBranch() {
    lag.put("docs", "head000001");

    Reconciler.Pass pass = reconciler.reconcileOnce();

    assertThat(pass.produced()).isEqualTo(1);
    assertThat(pass.reachedEverything()).isTrue();
    assertThat(new String(producer.history().get(0).key(), StandardCharsets.UTF_8))
        .isEqualTo("repo-a/main");
    assertThat(new String(producer.history().get(0).value(), StandardCharsets.UTF_8))
        .contains("\"commit_id\":\"head000001\"");
    assertThat(swept).contains("docs");
  }

  @Test
  void aTableWhoseSyncIsRunningHereIsLeftToThatSync() {
    lag.put("docs", "head000001");
    running.add("docs");

    assertThat(reconciler.reconcileOnce().produced()).isZero();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void aHeadWhoseEventStillWaitsIsNotProducedAgain() {
    lag.put("docs", "head000001");
    reconciler.reconcileOnce();
    waiting = true;

    reconciler.reconcileOnce();
    assertThat(producer.history()).as("the first event still waits").hasSize(1);

    lag.put("docs", "head000002");
    reconciler.reconcileOnce();
    assertThat(producer.history()).as("a newer head is another matter").hasSize(2);

    waiting = false;
    reconciler.reconcileOnce();
    assertThat(producer.history()).as("consumed, yet still behind: produce again").hasSize(3);
  }

  @Test
  void aMissingBranchIsReportedOnceAndItsReturnToo() {
    lag.put("gone", notFound());

    reconciler.reconcileOnce();
    reconciler.reconcileOnce();
    reconciler.reconcileOnce();
    lag.put("gone", null);
    reconciler.reconcileOnce();

    assertThat(missing).containsExactly("gone=true", "gone=false");
  }

  @Test
  void afterAPassThatCouldNotReachLakeFsTheNextComesWithinSeconds() {
    reconciler.interval(3600); // ticks are driven by hand below
    lag.put("docs", LakeFsFailure.of("read branch", 0, null));

    reconciler.tick();
    assertThat(producer.history()).isEmpty();

    now.addAndGet(Reconciler.RECOVERY_SECONDS * 1000 - 1);
    lag.put("docs", "head000002");
    reconciler.tick();
    assertThat(producer.history()).as("not before the recovery delay").isEmpty();

    now.addAndGet(1);
    reconciler.tick();
    assertThat(producer.history()).hasSize(1);

    // Healthy again: back to the configured interval.
    now.addAndGet(Reconciler.RECOVERY_SECONDS * 1000);
    reconciler.tick();
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void anEventTheBridgeCouldNotStoreBringsTheNextPassForward() {
    reconciler.interval(3600);
    reconciler.tick(); // the pass at start
    lag.put("docs", "head000003");

    now.addAndGet(60_000);
    reconciler.tick();
    assertThat(producer.history()).isEmpty();

    reconciler.eventLost();
    now.addAndGet(Reconciler.RECOVERY_SECONDS * 1000);
    reconciler.tick();
    assertThat(producer.history()).hasSize(1);
  }

  private static LakeFsFailure notFound() {
    return LakeFsFailure.of("read branch", 404, null);
  }
}

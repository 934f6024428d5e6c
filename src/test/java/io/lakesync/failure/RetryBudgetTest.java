package io.lakesync.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  private final List<Duration> sleeps = new ArrayList<>();
  private long nanos;
  private final RetryBudget.Clock clock =
      new RetryBudget.Clock() {
        @Override
        public long nanoTime() {
          return nanos;
        }

        @Override
        public void sleep(Duration duration) {
          sleeps.add(duration);
          nanos += duration.toNanos();
        }
      };

  private static final RetryPolicy POLICY =
      new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60), 2);

  @Test
  void transientFailuresBackOffExponentiallyWithJitterUntilTheWindowIsSpent() {
    RetryBudget budget = new RetryBudget(POLICY, clock);
    int retries = 0;
    while (budget.awaitRetry(failure(FailureKind.TRANSIENT))) {
      retries++;
    }

    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(sleeps.get(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(8)));
    // The waits add up to the window, never more.
    assertThat(Duration.ofNanos(nanos)).isEqualTo(Duration.ofSeconds(60));
    assertThat(retries).isEqualTo(budget.transientRetries()).isBetween(8, 20);
    assertThat(budget.transientSeconds()).isEqualTo(60);
  }

  @Test
  void conflictsAreRetriedACountedNumberOfTimes() {
    RetryBudget budget = new RetryBudget(POLICY, clock);

    assertThat(budget.awaitRetry(failure(FailureKind.CONFLICT))).isTrue();
    assertThat(budget.awaitRetry(failure(FailureKind.CONFLICT))).isTrue();
    assertThat(budget.awaitRetry(failure(FailureKind.CONFLICT))).isFalse();
    assertThat(budget.conflicts()).isEqualTo(3);
  }

  @Test
  void rejectionsPermanentFailuresBugsAndInterruptsAreNeverRetried() {
    RetryBudget budget = new RetryBudget(POLICY, clock);

    for (FailureKind kind :
        List.of(
            FailureKind.REJECTED,
            FailureKind.PERMANENT,
            FailureKind.BUG,
            FailureKind.INTERRUPTED)) {
      assertThat(budget.awaitRetry(failure(kind))).as(kind.name()).isFalse();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void anInterruptWhileWaitingEndsTheRetriesAndKeepsTheFlag() {
    RetryBudget budget = POLICY.start();
    Thread.currentThread().interrupt();
    try {
      assertThat(budget.awaitRetry(failure(FailureKind.TRANSIENT))).isFalse();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private static Failure failure(FailureKind kind) {
    return new Failure(kind, "boom", null);
  }
}

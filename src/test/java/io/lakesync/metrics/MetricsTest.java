package io.lakesync.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Metrics metrics = new Metrics(registry);

  @Test
  void lakeFsStatusesExistAtZeroBeforeTheFirstError() {
    for (String status : new String[] {"0", "400", "401", "403", "409", "412", "429", "500"}) {
      assertThat(errors(status)).as("status %s", status).isZero();
    }
    assertThat(registry.find(Metrics.LAKEFS_ERRORS).counters()).hasSize(10);
  }

  @Test
  void failedLakeFsCallsAreCountedByStatusExceptAbsence() {
    metrics.lakeFsError(0);
    metrics.lakeFsError(0);
    metrics.lakeFsError(403);
    metrics.lakeFsError(404);

    assertThat(errors("0")).isEqualTo(2);
    assertThat(errors("403")).isEqualTo(1);
    assertThat(registry.find(Metrics.LAKEFS_ERRORS).tag(Metrics.STATUS, "404").counter()).isNull();
  }

  private double errors(String status) {
    return registry.get(Metrics.LAKEFS_ERRORS).tag(Metrics.STATUS, status).counter().count();
  }
}

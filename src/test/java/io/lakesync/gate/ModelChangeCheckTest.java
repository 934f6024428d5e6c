package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A model change keeps what users find, within the allowed drop; nothing else can tell. */
class ModelChangeCheckTest {
  private static Optional<GoldenQueries.Recall> recall(double mean) {
    return Optional.of(new GoldenQueries.Recall(mean, 0.8, 6, List.of()));
  }

  @Test
  void passesWithinTheAllowedDropAndFailsBeyondIt() {
    CheckResult same =
        ModelChangeCheck.run("a@fp32:1", "b@fp32:2", recall(0.90), recall(0.89), 0.02);
    CheckResult better =
        ModelChangeCheck.run("a@fp32:1", "b@fp32:2", recall(0.50), recall(1.0), 0.0);
    CheckResult worse =
        ModelChangeCheck.run("a@fp32:1", "b@fp32:2", recall(0.90), recall(0.80), 0.02);

    assertThat(same.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(same.summary())
        .isEqualTo("a@fp32:1 → b@fp32:2: golden recall 0.90 → 0.89 over 6 queries (max drop 0.02)");
    assertThat(better.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(worse.failed()).isTrue();
    assertThat(worse.details()).singleElement().asString().contains("recall dropped by 0.10");
  }

  @Test
  void aChangeWithoutGoldenQueriesCannotBeJudgedAndFails() {
    CheckResult blind =
        ModelChangeCheck.run("a@fp32:1", "b@fp32:2", Optional.empty(), Optional.empty(), 0.02);

    assertThat(blind.failed()).isTrue();
    assertThat(blind.summary()).contains("no golden queries to compare the models on");
    assertThat(blind.details()).singleElement().asString().contains("quality.golden_queries");
  }
}

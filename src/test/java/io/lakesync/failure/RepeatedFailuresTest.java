package io.lakesync.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatedFailuresTest {
  private final RepeatedFailures failures = new RepeatedFailures();

  @Test
  void aFailureIsWorthALineWhenItStartsChangesAndEnds() {
    assertThat(failures.succeeded("docs")).isFalse();
    assertThat(failures.failed("docs", "HTTP 0")).isTrue();
    assertThat(failures.failed("docs", "HTTP 0")).isFalse();
    assertThat(failures.failed("docs", "HTTP 0")).isFalse();
    assertThat(failures.failed("faq", "HTTP 0")).as("another key").isTrue();
    assertThat(failures.failed("docs", "HTTP 404")).as("another reason").isTrue();
    assertThat(failures.succeeded("docs")).isTrue();
    assertThat(failures.succeeded("docs")).isFalse();
    assertThat(failures.failed("docs", "HTTP 404")).as("failing again").isTrue();
  }
}

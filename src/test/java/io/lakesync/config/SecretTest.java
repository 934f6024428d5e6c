package io.lakesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void isRedactedWhenPrintedOrFormatted() {
    Secret secret = Secret.of("hunter2");

    assertThat(secret).hasToString("[hidden]");
    assertThat(String.format("key=%s", secret)).isEqualTo("key=[hidden]");
    assertThat(secret.reveal()).isEqualTo("hunter2");
  }

  @Test
  void comparesByValue() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
  }

  @Test
  void rejectsBlankSecrets() {
    assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}

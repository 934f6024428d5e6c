package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupResourcesTest {
  private final List<String> closed = new ArrayList<>();

  @Test
  void aFailedStartClosesWhatItOpenedInReverseOrderEvenIfOneCloseFails() {
    assertThatThrownBy(
            () -> {
              try (StartupResources opened = new StartupResources()) {
                opened.add(resource("s3"));
                opened.add(
                    () -> {
                      closed.add("allocator");
                      throw new IllegalStateException("buffers still held");
                    });
                opened.add(resource("streams"));
                throw new java.io.IOException("port 8080 in use");
              }
            })
        .hasMessage("port 8080 in use");

    assertThat(closed).containsExactly("streams", "allocator", "s3");
  }

  @Test
  void aStartedServiceKeepsItsResourcesOpen() {
    try (StartupResources opened = new StartupResources()) {
      opened.add(resource("s3"));
      opened.add(resource("streams"));
      opened.keep();
    }

    assertThat(closed).isEmpty();
  }

  private AutoCloseable resource(String name) {
    return () -> closed.add(name);
  }
}

package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.event.BranchKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookBridgeTest {
  @Test
  void eventsAreKeyedByTheirBranchSoOneBranchSharesAPartitionFromTheStart() {
    assertThat(
            WebhookBridge.key(
                bytes(
                    "{\"event_type\":\"post-commit\",\"repository_id\":\"docs-repo\","
                        + "\"branch_id\":\"main\",\"commit_id\":\"abc123\"}")))
        .contains(new BranchKey("docs-repo", "main"));
  }

  @Test
  void whatIsNotACommitEventGoesOnWithoutAKeyForTheParserToDeadLetter() {
    assertThat(WebhookBridge.key(bytes("{broken"))).isEmpty();
    assertThat(WebhookBridge.key(bytes("{\"repository_id\": 7, \"branch_id\": \"main\"}")))
        .isEmpty();
    assertThat(WebhookBridge.key(bytes("[]"))).isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class LakeFsActionsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theGateRunsBeforeMergesIntoTheTargetsWithTheSecretFromLakeFsEnvironment() throws Exception {
    JsonNode action =
        YAML.readTree(LakeFsActions.gateAction("http://lakesync:8080", List.of("main", "prod")));

    assertThat(action.at("/on/pre-merge/branches").toString()).isEqualTo("[\"main\",\"prod\"]");
    JsonNode hook = action.at("/hooks/0");
    assertThat(hook.get("type").asText()).isEqualTo("webhook");
    assertThat(hook.at("/properties/url").asText())
        .isEqualTo("http://lakesync:8080/hooks/pre-merge");
    assertThat(hook.at("/properties/timeout").asText()).isEqualTo(LakeFsActions.GATE_TIMEOUT);
    assertThat(hook.at("/properties/headers/X-Lakesync-Secret").asText())
        .isEqualTo("{{ ENV.LAKEFSACTION_LAKESYNC_SECRET }}");
  }

  @Test
  void theBridgeGetsCommitAndMergeEventsOfTheSourceBranches() throws Exception {
    JsonNode action = YAML.readTree(LakeFsActions.bridgeAction("http://l:1", List.of("main")));

    assertThat(action.at("/on/post-commit/branches/0").asText()).isEqualTo("main");
    assertThat(action.at("/on/post-merge/branches/0").asText()).isEqualTo("main");
    assertThat(action.at("/hooks/0/properties/url").asText())
        .isEqualTo("http://l:1/webhooks/lakefs");
  }

  @Test
  void theSamplesInConfigAreWhatInitWrites() throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of("config/lakefs-actions");
    assertThat(java.nio.file.Files.readString(dir.resolve("lakesync-quality-gate.yaml")))
        .isEqualTo(LakeFsActions.gateAction("http://lakesync:8080", List.of("main")));
    assertThat(java.nio.file.Files.readString(dir.resolve("lakesync-bridge.yaml")))
        .isEqualTo(LakeFsActions.bridgeAction("http://lakesync:8080", List.of("main")));
  }
}

package io.lakesync.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommitEventParserTest {
  private final CommitEventParser parser = new CommitEventParser(Set.of("docs-repo"), 2048);

  @Test
  void readsALakeFsPostCommitWebhookPayload() {
    String payload =
        """
        {"event_type":"post-commit","event_time":"2026-11-24T21:00:00Z","action_name":"lakesync",
         "hook_id":"notify","repository_id":"docs-repo","branch_id":"main",
         "source_ref":"a1b2c3d4e5f6","commit_id":"a1b2c3d4e5f6","commit_message":"add docs",
         "committer":"admin","commit_metadata":{"team":"docs"}}
        """;

    CommitEvent event = valid(payload);

    assertThat(event.branchKey()).hasToString("docs-repo/main");
    assertThat(event.commitId()).isEqualTo("a1b2c3d4e5f6");
    assertThat(event.eventType()).isEqualTo("post-commit");
    assertThat(event.commitMetadata()).containsEntry("team", "docs");
    assertThat(event.madeByLakesync()).isFalse();
  }

  @Test
  void readsTheMinimalFormFromOtherProducers() {
    CommitEvent event =
        valid(
            "{\"repository_id\":\"docs-repo\",\"branch_id\":\"dev_1\",\"commit_id\":\"abcdef123456\"}");

    assertThat(event.eventType()).isEqualTo("commit");
    assertThat(event.branch()).isEqualTo("dev_1");
  }

  @Test
  void recognisesLakesyncsOwnMergeCommitsByTheStagingBranchTheyMerged() {
    CommitEvent event =
        valid(
            "{\"event_type\":\"post-merge\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\","
                + "\"commit_id\":\"abcdef123456\",\"merge_source\":\"lakesync-docs-abcdef123456-1764486000-0a1b2c\","
                + "\"commit_metadata\":{\"lakesync.table\":\"docs\"}}");

    assertThat(event.mergeSource()).startsWith("lakesync-docs-");
    assertThat(event.madeByLakesync()).isTrue();
  }

  @Test
  void aUsersCommitThatCarriesLakesyncsMetadataKeyIsStillSynced() {
    CommitEvent commit =
        valid(
            "{\"event_type\":\"post-commit\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\","
                + "\"commit_id\":\"abcdef123456\",\"commit_metadata\":{\"lakesync.table\":\"docs\"}}");
    CommitEvent merge =
        valid(
            "{\"event_type\":\"post-merge\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\","
                + "\"commit_id\":\"abcdef123456\",\"merge_source\":\"feature-x\","
                + "\"commit_metadata\":{\"lakesync.table\":\"docs\"}}");

    assertThat(commit.madeByLakesync()).isFalse();
    assertThat(merge.madeByLakesync()).isFalse();
  }

  @Test
  void everyBadRecordHasAReasonAndKeepsItsBytes() {
    assertInvalid("", "empty record");
    assertInvalid("{not json", "malformed JSON");
    assertInvalid("[1,2]", "not a JSON object");
    assertInvalid(
        "{\"branch_id\":\"main\",\"commit_id\":\"abcdef1\"}", "missing field repository_id");
    assertInvalid(
        "{\"repository_id\":\"docs-repo\",\"commit_id\":\"abcdef1\"}", "missing field branch_id");
    assertInvalid(
        "{\"repository_id\":\"docs-repo\",\"branch_id\":\"main\"}", "missing field commit_id");
    assertInvalid(
        "{\"repository_id\":\"other\",\"branch_id\":\"main\",\"commit_id\":\"abcdef1\"}",
        "unknown repository 'other'");
    assertInvalid(
        "{\"repository_id\":\"docs-repo\",\"branch_id\":\"a/b\",\"commit_id\":\"abcdef1\"}",
        "invalid branch_id");
    assertInvalid(
        "{\"repository_id\":\"docs-repo\",\"branch_id\":\"main\",\"commit_id\":42}",
        "commit_id must be a string");
    assertInvalid(
        "{\"event_type\":\"pre-merge\",\"repository_id\":\"docs-repo\",\"branch_id\":\"main\",\"commit_id\":\"abcdef1\"}",
        "unsupported event_type 'pre-merge'");
    assertInvalid("{\"x\":\"" + "y".repeat(3000) + "\"}", "oversized record");
  }

  private CommitEvent valid(String json) {
    ParsedEvent parsed = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed).isInstanceOf(ParsedEvent.Valid.class);
    return ((ParsedEvent.Valid) parsed).event();
  }

  private void assertInvalid(String json, String reason) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ParsedEvent parsed = parser.parse(bytes);
    assertThat(parsed).as(json).isInstanceOf(ParsedEvent.Invalid.class);
    assertThat(((ParsedEvent.Invalid) parsed).reason()).as(json).startsWith(reason);
    assertThat(parsed.original()).isEqualTo(bytes);
  }
}

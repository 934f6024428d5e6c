package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which refusals of a merge are outcomes, by status and body: no lakeFS needed. */
class MergeRefusalsTest {
  @Test
  void aHookRefusalIsRejectedWithLakeFsBody() throws Exception {
    assertThat(MergeRefusals.outcome(failure(412, "{\"message\":\"pre-merge hook aborted\"}")))
        .isEqualTo(new MergeResult.Rejected("{\"message\":\"pre-merge hook aborted\"}"));
  }

  @Test
  void aMissingSourceIsGone() throws Exception {
    assertThat(MergeRefusals.outcome(failure(404, "{\"message\":\"branch not found\"}")))
        .isEqualTo(new MergeResult.SourceGone("{\"message\":\"branch not found\"}"));
  }

  @Test
  void noChangesIsNothingToMerge() throws Exception {
    String body = "{\"message\":\"no changes: merge has nothing to apply\"}";

    assertThat(MergeRefusals.outcome(failure(400, body)))
        .isEqualTo(new MergeResult.NothingToMerge(body));
  }

  @Test
  void aDirtyTargetStaysATransientFailure() {
    LakeFsFailure dirty = failure(400, "{\"message\":\"uncommitted changes (dirty branch)\"}");

    assertThatThrownBy(() -> MergeRefusals.outcome(dirty))
        .isSameAs(dirty)
        .satisfies(e -> assertThat(((LakeFsFailure) e).transientFailure()).isTrue());
  }

  @Test
  void everythingElseIsThrownAsItIs() {
    for (int status : new int[] {0, 400, 401, 403, 409, 429, 500, 503}) {
      LakeFsFailure failure = failure(status, "{\"message\":\"something\"}");

      assertThatThrownBy(() -> MergeRefusals.outcome(failure)).isSameAs(failure);
    }
  }

  private static LakeFsFailure failure(int status, String body) {
    return LakeFsFailure.of("merge staging into main", status, body);
  }
}

package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakefs.clients.sdk.model.Diff;
import io.lakesync.sync.ObjectChange;
import org.junit.jupiter.api.Test;

class RefDiffTest {
  @Test
  void mapsTwoDotEntryTypes() {
    Diff diff = new Diff().type(Diff.TypeEnum.CHANGED).path("docs/a.md").sizeBytes(12L);

    assertThat(RefDiff.toChange(diff))
        .isEqualTo(new ObjectChange(ObjectChange.Kind.CHANGED, "docs/a.md", 12));
    assertThat(RefDiff.kindOf(Diff.TypeEnum.ADDED)).isEqualTo(ObjectChange.Kind.ADDED);
    assertThat(RefDiff.kindOf(Diff.TypeEnum.REMOVED)).isEqualTo(ObjectChange.Kind.REMOVED);
  }

  @Test
  void removedEntriesWithoutSizeGetZero() {
    Diff diff = new Diff().type(Diff.TypeEnum.REMOVED).path("docs/gone.md");

    assertThat(RefDiff.toChange(diff).sizeBytes()).isZero();
  }

  @Test
  void refusesEntryTypesATwoDotDiffCannotProduce() {
    assertThatThrownBy(() -> RefDiff.kindOf(Diff.TypeEnum.CONFLICT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("conflict");
  }
}

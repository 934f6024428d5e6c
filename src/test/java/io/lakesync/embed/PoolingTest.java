package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolingTest {
  @Test
  void averagesOnlyAttendedTokensThenNormalises() {
    // Two rows, width 3, dimension 2. Row 0 attends tokens 0 and 1; row 1 only token 0.
    float[] hidden = {
      1, 0, 3, 0, 100, 100, // row 0: mean of (1,0),(3,0) = (2,0) -> (1,0)
      0, 2, 50, 50, 50, 50 // row 1: (0,2) -> (0,1)
    };
    long[] mask = {1, 1, 0, 1, 0, 0};

    List<float[]> vectors = Pooling.meanPoolNormalized(hidden, mask, 2, 3, 2);

    assertThat(vectors.get(0)).containsExactly(new float[] {1f, 0f}, within(1e-6f));
    assertThat(vectors.get(1)).containsExactly(new float[] {0f, 1f}, within(1e-6f));
  }

  @Test
  void meanDirectionIsKept() {
    float[] hidden = {3, 4, 3, 4};
    long[] mask = {1, 1};

    float[] v = Pooling.meanPoolNormalized(hidden, mask, 1, 2, 2).get(0);

    assertThat(v).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
  }

  @Test
  void rejectsOutputOfTheWrongShape() {
    assertThatThrownBy(() -> Pooling.meanPoolNormalized(new float[5], new long[2], 1, 2, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected 1×2×2");
  }
}

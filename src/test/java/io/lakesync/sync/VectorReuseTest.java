package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VectorReuseTest {
  private static final String MODEL = "model@1";

  /** A lookup over fixed vectors that records what it was asked for. */
  private static final class Recording implements VectorLookup {
    final Map<String, float[]> vectors = new HashMap<>();
    final List<List<String>> asked = new ArrayList<>();

    @Override
    public Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp) {
      asked.add(List.copyOf(hashes));
      Map<String, float[]> found = new HashMap<>();
      if (modelStamp.equals(MODEL)) {
        hashes.stream().filter(vectors::containsKey).forEach(h -> found.put(h, vectors.get(h)));
      }
      return found;
    }
  }

  private final Recording before = new Recording();
  private final Recording written = new Recording();

  @Test
  void recentVectorsAreFoundInMemoryAndTheTableBeforeTheRunForTheRest() {
    before.vectors.put("old", new float[] {1});
    VectorReuse reuse = new VectorReuse(before, written, MODEL);
    reuse.written(Map.of("new", new float[] {2}));

    Map<String, float[]> found = reuse.find(List.of("new", "old", "unknown"));

    assertThat(found).containsOnlyKeys("new", "old");
    assertThat(before.asked).containsExactly(List.of("old", "unknown"));
    assertThat(written.asked).isEmpty();
    assertThat(reuse.lookupsOfWritten()).isZero();
  }

  @Test
  void aWrittenVectorPushedOutOfMemoryIsLookedUpAmongTheWrittenRowsOnly() {
    // Room for about two vectors of 1,000 dimensions.
    VectorReuse reuse = new VectorReuse(before, written, MODEL, 2 * (4_000 + 200));
    for (int i = 0; i < 5; i++) {
      float[] vector = new float[1_000];
      vector[0] = i;
      written.vectors.put("h" + i, vector);
      reuse.written(Map.of("h" + i, vector));
    }

    Map<String, float[]> found = reuse.find(List.of("h0", "h4", "never-written"));

    assertThat(found).containsOnlyKeys("h0", "h4");
    assertThat(found.get("h0")[0]).isEqualTo(0f);
    assertThat(written.asked).containsExactly(List.of("h0"));
    assertThat(reuse.lookupsOfWritten()).isEqualTo(1);
  }

  @Test
  void aRunWhoseRowsGoElsewhereEmbedsAgainWhatItNoLongerHolds() {
    VectorReuse reuse = new VectorReuse(before, VectorLookup.NONE, MODEL, 1);
    reuse.written(Map.of("a", new float[] {1}));
    reuse.written(Map.of("b", new float[] {2}));

    assertThat(reuse.find(List.of("a", "b"))).containsOnlyKeys("b");
    assertThat(before.asked).containsExactly(List.of("a"));
  }
}

package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {
  @Test
  void anItemBothRankingsFindBeatsOneThatOnlyOneRanksFirst() {
    List<RankFusion.Fused<String>> fused =
        RankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("d", "b", "e")));

    assertThat(fused).extracting(RankFusion.Fused::item).containsExactly("b", "a", "d", "c", "e");
    assertThat(fused.get(0).score()).isEqualTo(2.0 / (RankFusion.K + 2));
  }

  @Test
  void tiesKeepTheFirstRankingsOrderAndEmptyRankingsAreHarmless() {
    assertThat(RankFusion.fuse(List.of(List.of("x", "y"), List.of("y", "x"), List.of())))
        .extracting(RankFusion.Fused::item)
        .containsExactly("x", "y");
    assertThat(RankFusion.fuse(List.<List<String>>of())).isEmpty();
  }

  @Test
  void aLighterRankingCountsLessAndWeightsMustMatchTheRankings() {
    List<List<String>> rankings = List.of(List.of("v1", "v2"), List.of("t1", "v2"));

    assertThat(RankFusion.fuse(rankings, List.of(1.0, 0.5)))
        .extracting(RankFusion.Fused::item)
        .containsExactly("v2", "v1", "t1");
    assertThat(RankFusion.fuse(rankings, List.of(1.0, 0.0)))
        .extracting(RankFusion.Fused::item)
        .containsExactly("v1", "v2", "t1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RankFusion.fuse(rankings, List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modesParseByNameAndAnUnknownOneIsAClearError() throws Exception {
    assertThat(SearchMode.parse("Hybrid")).isEqualTo(SearchMode.HYBRID);
    assertThat(SearchMode.parse(" text ")).isEqualTo(SearchMode.TEXT);
    assertThatThrownBy(() -> SearchMode.parse("bm25"))
        .isInstanceOf(SearchException.class)
        .hasMessage("mode must be one of vector, text, hybrid, got 'bm25'");
  }
}

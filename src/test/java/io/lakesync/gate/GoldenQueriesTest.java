package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.sync.HashEmbedder;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenQueriesTest {
  private static final String YAML =
      """
      queries:
        - query: how long are backups kept?
          expect: [docs/backups.md]
        - query: reset a password
          expect: [docs/passwords.md, docs/login.md]
          k: 2
      """;

  @Test
  void meanRecallAtKOverAllQueries() throws Exception {
    GoldenQueries golden = GoldenQueries.parse(YAML);
    List<Integer> ks = new java.util.ArrayList<>();
    // The first query finds its document, the second only one of its two.
    GoldenQueries.Search search =
        (vector, k) -> {
          ks.add(k);
          return ks.size() == 1
              ? List.of("docs/other.md", "docs/backups.md")
              : List.of("docs/passwords.md", "docs/other.md");
        };

    GoldenQueries.Recall recall = golden.evaluate(new HashEmbedder(), search, 10, 0.8);

    assertThat(ks).containsExactly(10, 2);
    assertThat(recall.mean()).isEqualTo(0.75);
    assertThat(recall.passed()).isFalse();
    assertThat(recall.details())
        .containsExactly(
            "golden query \"reset a password\": recall@2 0.50, missed [docs/login.md]");
    assertThat(recall.summary()).isEqualTo("golden recall 0.75 over 2 queries (min 0.80)");
  }

  @Test
  void aFileWithoutUsableQueriesIsRejected() {
    assertThatThrownBy(() -> GoldenQueries.parse("queries: []\n"))
        .isInstanceOf(IOException.class)
        .hasMessage("no queries");
    assertThatThrownBy(() -> GoldenQueries.parse("queries: [{query: x}]\n"))
        .hasMessageContaining("non-empty 'expect'");
    assertThatThrownBy(() -> GoldenQueries.parse("queries: [{query: x, expect: [a], kk: 1}]\n"))
        .hasMessageContaining("kk");
  }
}

package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddingThreadsTest {
  @Test
  void oneThreadPerCoreUnlessTheEnvironmentSaysOtherwise() {
    assertThat(EmbeddingThreads.resolve(Map.of(), 4)).isEqualTo(4);
    assertThat(EmbeddingThreads.resolve(Map.of(), 96)).isEqualTo(EmbeddingThreads.DEFAULT_MAX);
    assertThat(EmbeddingThreads.resolve(Map.of(DjlTextEmbedder.THREADS_ENV, "12"), 96))
        .isEqualTo(12);
    assertThat(EmbeddingThreads.resolve(Map.of(DjlTextEmbedder.THREADS_ENV, " 2 "), 4))
        .isEqualTo(2);
    assertThat(EmbeddingThreads.resolve(Map.of(DjlTextEmbedder.THREADS_ENV, ""), 3)).isEqualTo(3);
  }

  @Test
  void aNonsenseThreadCountIsRefusedByName() {
    for (String bad : new String[] {"0", "-1", "two", "1.5"}) {
      assertThatThrownBy(
              () -> EmbeddingThreads.resolve(Map.of(DjlTextEmbedder.THREADS_ENV, bad), 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(DjlTextEmbedder.THREADS_ENV)
          .hasMessageContaining("'" + bad + "'");
    }
  }
}

package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.chunk.TokenSpans;
import io.lakesync.config.ConfigException;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.ModelRecord;
import io.lakesync.config.TableConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each table gets the model it names, each model is loaded once, and a table's recorded model is
 * found again: bundled by its stamp (an earlier version's too), a model of one's own by its record.
 */
class TextModelsTest {
  private final List<String> loads = new ArrayList<>();

  private TextModels models() {
    return new TextModels(
        model -> {
          loads.add(model.stamp());
          return new Fake(model);
        },
        ModelFileSource.LOCAL);
  }

  private static TableConfig table(String extra) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: repo, branch: main" + extra + "}]")
        .tables()
        .get(0);
  }

  @Test
  void eachTableGetsItsModelAndEachModelLoadsOnce() {
    try (TextModels models = models()) {
      TextEmbedder minilm = models.embedder(table(""));
      TextEmbedder bge = models.embedder(table(", model: bge-small-en-v1.5"));

      assertThat(minilm.model()).isEqualTo(EmbeddingModel.ALL_MINILM_L6_V2);
      assertThat(bge.model()).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15);
      assertThat(models.embedder(table(""))).isSameAs(minilm);
      assertThat(loads)
          .containsExactly(
              EmbeddingModel.ALL_MINILM_L6_V2.stamp(), EmbeddingModel.BGE_SMALL_EN_V15.stamp());
    }
  }

  @Test
  void aTablesRecordedModelIsFoundByItsStampOrItsRecord(@TempDir Path dir) throws Exception {
    Path onnx = Files.writeString(dir.resolve("model.onnx"), "graph");
    Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{}");
    TableConfig own =
        table(
            ", model: mine, model_files: {onnx: '"
                + onnx
                + "', tokenizer: '"
                + tokenizer
                + "', dimension: 8, query_prefix: 'q: '}");
    try (TextModels models = models()) {
      EmbeddingModel mine = models.model(own);
      assertThat(mine.stamp()).startsWith("mine@fp32:").hasSize("mine@fp32:".length() + 16);
      assertThat(mine.sha256()).isEqualTo(ModelFiles.sha256(onnx, tokenizer));
      String record = ModelRecord.of(mine);

      assertThat(models.modelOf(mine.stamp(), record)).isEqualTo(mine);
      assertThat(models.modelOf("all-MiniLM-L6-v2@langchain4j-1.20.0-beta30", ""))
          .isEqualTo(EmbeddingModel.ALL_MINILM_L6_V2);
      assertThatThrownBy(() -> models.modelOf("gpt@9:abc", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("model gpt@9:abc is not one this lakesync ships");

      // The files changed since the table was written: the record's pin refuses them.
      Files.writeString(onnx, "another graph");
      try (TextModels later = models()) {
        assertThatThrownBy(() -> later.modelOf(mine.stamp(), record))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("is pinned");
      }
    }
  }

  @Test
  void aModelLoadedUnderAnotherStampIsRefused() {
    TextModels models =
        new TextModels(
            model -> new Fake(EmbeddingModel.ALL_MINILM_L6_V2_INT8), ModelFileSource.LOCAL);
    assertThatThrownBy(() -> models.embedder(table("")))
        .hasMessageContaining("model loaded as " + EmbeddingModel.ALL_MINILM_L6_V2_INT8.stamp());
  }

  @Test
  void oneEmbedderForEveryTableReadsOnlyItsOwnTables() {
    Fake only = new Fake(new EmbeddingModel("hash", "1", 8, 256, "none", "none"));
    try (TextModels models = TextModels.of(only)) {
      assertThat(models.embedder(table(", model: bge-small-en-v1.5"))).isSameAs(only);
      assertThat(models.embedderOf("hash@1", "")).isSameAs(only);
      assertThatThrownBy(() -> models.embedderOf(EmbeddingModel.ALL_MINILM_L6_V2.stamp(), ""))
          .hasMessageContaining("is not available here: only hash@1");
    }
  }

  /** Stands in for a loaded model: the stamp is all these tests look at. */
  private record Fake(EmbeddingModel model) implements TextEmbedder {
    @Override
    public List<float[]> embed(List<String> texts) {
      return texts.stream().map(t -> new float[model.dimension()]).toList();
    }

    @Override
    public int countTokens(String text) {
      return text.length();
    }

    @Override
    public TokenSpans spans(String text) {
      return new TokenSpans(new int[0], new int[0]);
    }

    @Override
    public void close() {}
  }
}

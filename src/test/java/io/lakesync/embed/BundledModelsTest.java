package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled model loads from its Maven artifact with the network refused, its files match the
 * checksum its stamp names, and it embeds: paraphrases closer than unrelated text, unit vectors,
 * and a text's vector independent of the batch it came in (int8 models too).
 */
class BundledModelsTest {
  private static final List<String> TEXTS =
      List.of(
          "How do I reset my password?",
          "I forgot my password and need to change it.",
          "The football match ended in a draw.",
          "Photosynthesis turns sunlight into chemical energy in the leaves of plants.");

  @TempDir static Path cache;
  private static NoNetwork network;

  @BeforeAll
  static void refuseNetwork() {
    network = new NoNetwork();
  }

  @AfterAll
  static void allowNetwork() {
    network.close();
  }

  static List<EmbeddingModel> bundled() {
    return EmbeddingModels.BUNDLED;
  }

  @ParameterizedTest
  @MethodSource("bundled")
  void embedsParaphrasesCloseWithUnitVectorsWhateverTheBatch(EmbeddingModel model) {
    try (DjlTextEmbedder embedder = DjlTextEmbedder.load(model, cache, 8, 1)) {
      List<float[]> vectors = embedder.embed(TEXTS);
      for (float[] v : vectors) {
        assertThat(v).hasSize(model.dimension());
        assertThat(Math.sqrt(dot(v, v))).isCloseTo(1.0, within(1e-4));
      }
      assertThat(dot(vectors.get(0), vectors.get(1)))
          .as("paraphrases closer than unrelated sentences")
          .isGreaterThan(dot(vectors.get(0), vectors.get(2)) + 0.1);
      // The same text alone and among others of other lengths: the same vector, exactly. An int8
      // graph would differ (its quantization scale spans the batch) were it not run one by one.
      float[] alone = embedder.embed(List.of(TEXTS.get(3))).get(0);
      assertThat(alone).containsExactly(vectors.get(3));
    }
  }

  @Test
  void theStampNamesModelVariantAndChecksumAndEachModelIsItsOwn() {
    assertThat(EmbeddingModels.BUNDLED)
        .extracting(EmbeddingModel::stamp)
        .containsExactly(
            "all-MiniLM-L6-v2@fp32:0e77ebe9de4c7b21",
            "all-MiniLM-L6-v2@int8:6ea94d8f890e7e0e",
            "bge-small-en-v1.5@fp32:b9ae8eba73211545",
            "bge-small-en-v1.5@int8:46a5f4dce5dacffe");
    assertThat(EmbeddingModels.byName("model", "bge-small-en-v1.5-int8"))
        .isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15_INT8);
    assertThat(EmbeddingModels.byStamp("all-MiniLM-L6-v2@langchain4j-1.20.0-beta30"))
        .as("the stamp an earlier version wrote for the same bytes")
        .contains(EmbeddingModel.ALL_MINILM_L6_V2);
    assertThat(
            EmbeddingModels.sameModel(
                EmbeddingModel.ALL_MINILM_L6_V2.stamp(),
                "all-MiniLM-L6-v2@langchain4j-1.20.0-beta30"))
        .isTrue();
    assertThat(
            EmbeddingModels.sameModel(
                EmbeddingModel.ALL_MINILM_L6_V2.stamp(),
                EmbeddingModel.ALL_MINILM_L6_V2_INT8.stamp()))
        .isFalse();
  }

  @Test
  void bgeQueriesCarryTheRetrievalInstructionAndPassagesDoNot() {
    try (DjlTextEmbedder bge = DjlTextEmbedder.load(EmbeddingModel.BGE_SMALL_EN_V15, cache, 8, 1)) {
      float[] asQuery = bge.embedQueries(List.of(TEXTS.get(0))).get(0);
      float[] asPassage = bge.embed(List.of(TEXTS.get(0))).get(0);
      float[] withInstruction =
          bge.embed(
                  List.of(
                      "Represent this sentence for searching relevant passages: " + TEXTS.get(0)))
              .get(0);
      assertThat(asQuery).containsExactly(withInstruction);
      assertThat(dot(asQuery, asPassage)).isLessThan(0.999);
    }
  }

  @Test
  void filesThatAreNotTheModelsBytesAreRefused(@TempDir Path dir) throws Exception {
    ModelFiles real = ModelFiles.materialize(EmbeddingModel.ALL_MINILM_L6_V2_INT8, cache);
    Path onnx = Files.copy(real.onnx(), dir.resolve("model.onnx"));
    Path tokenizer = dir.resolve("tokenizer.json");
    // One byte of the tokenizer changed: a different model, which the stamp must not claim.
    String json = Files.readString(real.tokenizer());
    Files.writeString(tokenizer, json.replaceFirst("\"\\[UNK\\]\"", "\"[UNX]\""));
    EmbeddingModel claimed =
        new EmbeddingModel(
            "all-MiniLM-L6-v2",
            "int8",
            EmbeddingModel.ALL_MINILM_L6_V2_INT8.sha256(),
            384,
            256,
            EmbeddingModel.ALL_MINILM_L6_V2_INT8.pooling(),
            "",
            new ModelSource.Files("a", "b", onnx, tokenizer));

    assertThatThrownBy(() -> DjlTextEmbedder.load(claimed, cache))
        .hasMessageContaining("refusing to embed with other bytes")
        .hasMessageContaining(EmbeddingModel.ALL_MINILM_L6_V2_INT8.sha256());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}

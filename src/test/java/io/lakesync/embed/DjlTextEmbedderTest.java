package io.lakesync.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakesync.config.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real all-MiniLM-L6-v2 model from its Maven artifact, loaded and run with every network
 * connection refused.
 */
class DjlTextEmbedderTest {
  /** Ten pairs of paraphrases on ten unrelated subjects. */
  private static final List<List<String>> PARAPHRASES =
      List.of(
          List.of("The cat sat on the mat.", "A kitten was sitting on the rug."),
          List.of("How do I reset my password?", "I forgot my password and need to change it."),
          List.of(
              "The stock market fell sharply today.", "Share prices dropped a lot this afternoon."),
          List.of("It is raining heavily in London.", "There is a downpour over London right now."),
          List.of("She plays the violin beautifully.", "Her violin playing is lovely."),
          List.of(
              "The server crashed because it ran out of memory.",
              "An out-of-memory error took the server down."),
          List.of(
              "Add two cups of flour to the bowl.", "Put 2 cups of flour into the mixing bowl."),
          List.of("The football match ended in a draw.", "The soccer game finished tied."),
          List.of(
              "Photosynthesis turns sunlight into chemical energy.",
              "Plants convert light into energy through photosynthesis."),
          List.of("The train to Paris leaves at nine.", "Our Paris train departs at 9 o'clock."));

  private static NoNetwork network;
  private static DjlTextEmbedder embedder;

  @BeforeAll
  static void load(@TempDir Path modelCache) {
    network = new NoNetwork();
    embedder = DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, modelCache);
  }

  @AfterAll
  static void close() {
    embedder.close();
    network.close();
  }

  @Test
  void paraphrasesAreCloserThanUnrelatedSentencesAndVectorsAreUnitLength() {
    List<String> sentences = PARAPHRASES.stream().flatMap(List::stream).toList();
    List<float[]> vectors = embedder.embed(sentences);

    assertThat(vectors).hasSize(20);
    for (float[] v : vectors) {
      assertThat(v).hasSize(384);
      assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
    }
    for (int pair = 0; pair < PARAPHRASES.size(); pair++) {
      float[] a = vectors.get(2 * pair);
      float[] b = vectors.get(2 * pair + 1);
      double paraphrase = cosine(a, b);
      for (int other = 0; other < vectors.size(); other++) {
        if (other / 2 != pair) {
          assertThat(paraphrase)
              .as(
                  "'%s' vs its paraphrase and vs '%s'",
                  sentences.get(2 * pair), sentences.get(other))
              .isGreaterThan(cosine(a, vectors.get(other)));
        }
      }
    }
    assertThat(network.attempts()).as("network connections attempted").isEmpty();
  }

  @Test
  void batchingAndSortingByLengthDoNotChangeAnyVector() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      texts.add("sentence number " + i + " " + "with more words ".repeat(i % 7));
    }
    List<float[]> together = embedder.embed(texts);
    for (int i = 0; i < texts.size(); i++) {
      float[] alone = embedder.embed(List.of(texts.get(i))).get(0);
      assertThat(cosine(together.get(i), alone)).as("text %d", i).isGreaterThan(0.99999);
    }
  }

  @Test
  void batchesOnSeveralThreadsGiveTheVectorsOfOneThreadInTheCallersOrder(@TempDir Path cache) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      // Lengths in no order, so sorting and several batches per worker are exercised.
      texts.add("text " + i + " " + "about vacuum and indexes ".repeat((i * 7) % 11));
    }
    try (DjlTextEmbedder one =
            DjlTextEmbedder.load(
                EmbeddingModel.ALL_MINILM_L6_V2, cache, DjlTextEmbedder.DEFAULT_BATCH_SIZE, 1);
        DjlTextEmbedder three =
            DjlTextEmbedder.load(
                EmbeddingModel.ALL_MINILM_L6_V2, cache, DjlTextEmbedder.DEFAULT_BATCH_SIZE, 3)) {
      List<float[]> expected = one.embed(texts);
      List<float[]> actual = three.embed(texts);

      assertThat(actual).hasSize(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        assertThat(actual.get(i)).as("text %d", i).containsExactly(expected.get(i));
      }
    }
  }

  @Test
  void longTextIsNotSilentlyCutAtTheTokenizerFilesDefaultOf128Tokens() {
    String base = "word ".repeat(150);
    // Differ only after token 128: if the shipped tokenizer.json's limit applied, both would be
    // truncated to the same 128 tokens and embed identically.
    float[] a = embedder.embed(List.of(base + "astronomy telescopes galaxies")).get(0);
    float[] b = embedder.embed(List.of(base + "cooking recipes kitchens")).get(0);
    assertThat(cosine(a, b)).isLessThan(0.9999);
    assertThat(embedder.countTokens(base)).isEqualTo(152);
  }

  @Test
  void emptyInputGivesNoVectorsAndTheModelIsStamped() {
    assertThat(embedder.embed(List.of())).isEmpty();
    // Model, variant, and the first 16 hex digits of the files' sha256.
    assertThat(embedder.model().stamp()).isEqualTo("all-MiniLM-L6-v2@fp32:0e77ebe9de4c7b21");
  }

  @Test
  void chunksMeasuredWithTheModelsTokenizerNeverExceedItsLimit() {
    String text =
        String.join(
            "\n\n",
            "Backups run nightly and are kept for thirty-five days. ".repeat(30),
            "Short paragraph.",
            "Invoices are issued monthly; storage is billed per GB-month. ".repeat(12));
    io.lakesync.chunk.TokenChunker chunker = new io.lakesync.chunk.TokenChunker(embedder, 100, 16);

    var chunks = chunker.chunk(text);

    assertThat(chunks).hasSizeGreaterThan(3);
    for (var chunk : chunks) {
      assertThat(chunk.text()).isEqualTo(text.substring(chunk.start(), chunk.end()));
      // 100 content tokens plus [CLS] and [SEP].
      assertThat(embedder.countTokens(chunk.text())).isLessThanOrEqualTo(102);
    }
  }

  @Test
  void aLongTextIsTokenizedInSlicesWithTheSameSpansAsInOneCall() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      text.append("Paragraph ")
          .append(i)
          .append(": VACUUM reclaims storage occupied by dead tuples \uD83D\uDE00, and")
          .append(" pg_stat_all_tables.n_dead_tup counts them.\n\n\tindented\r\n");
    }
    String long_ = text.toString();

    var whole = embedder.spans(long_, Integer.MAX_VALUE);
    var sliced = embedder.spans(long_, 200);

    assertThat(long_.length()).isGreaterThan(60 * 100);
    assertThat(sliced.starts()).containsExactly(whole.starts());
    assertThat(sliced.ends()).containsExactly(whole.ends());
  }

  @Test
  void tokenSpansCountUtf16UnitsSoNoChunkEndsInsideAnEmoji() {
    String text = "go \uD83D\uDE00 now then \uD83D\uDE00\uD83D\uDE00 end";

    var spans = embedder.spans(text);

    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < spans.count(); i++) {
      tokens.add(text.substring(spans.start(i), spans.end(i)));
    }
    assertThat(tokens)
        .startsWith("go", "\uD83D\uDE00", "now", "then")
        .endsWith("end")
        .allMatch(t -> !Character.isLowSurrogate(t.charAt(0)));
    assertThat(DjlTextEmbedder.utf16Offsets("a\uD83D\uDE00b")).containsExactly(0, 1, 3, 4);

    String emojiEverywhere = "Launch \uD83D\uDE80 day. ".repeat(120);
    var chunks = new io.lakesync.chunk.TokenChunker(embedder, 40, 8).chunk(emojiEverywhere);
    assertThat(chunks).hasSizeGreaterThan(5);
    for (var chunk : chunks) {
      assertThat(Character.isHighSurrogate(chunk.text().charAt(chunk.text().length() - 1)))
          .as("chunk %d ends inside an emoji", chunk.index())
          .isFalse();
      assertThat(Character.isLowSurrogate(chunk.text().charAt(0))).isFalse();
    }
  }

  private static double norm(float[] v) {
    return Math.sqrt(cosineParts(v, v));
  }

  private static double cosine(float[] a, float[] b) {
    return cosineParts(a, b) / (norm(a) * norm(b));
  }

  private static double cosineParts(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot;
  }
}

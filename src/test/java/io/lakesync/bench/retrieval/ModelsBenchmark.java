package io.lakesync.bench.retrieval;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.DjlTextEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * (e) The bundled models side by side, on the retrieval benchmark's corpus and questions.
 *
 * <ul>
 *   <li>(e1) throughput: the same {@value #SAMPLE} chunks (lakesync's own chunks of the corpus,
 *       with their context, as a sync embeds them) through each model as a sync loads it (every
 *       core, batches of 8; int8 models one text at a time), rounds interleaved so that machine
 *       noise hits every model alike; the median of {@value #ROUNDS} rounds;
 *   <li>(e2) retrieval: the corpus synced by lakesync with each model (same chunking), then the 106
 *       questions in vector and hybrid mode: recall@5, recall@10 and MRR@10 of the pages.
 * </ul>
 */
public final class ModelsBenchmark {
  static final int SAMPLE = 512;
  static final int ROUNDS = 3;

  private ModelsBenchmark() {}

  public static void run(LakeFsSettings settings, Path modelCache) throws Exception {
    Map<String, String> pages = Corpus.read(Path.of(System.getenv("BENCH_CORPUS_PAGES")));
    List<Question> questions = Question.load(Path.of("bench", "retrieval-questions.tsv"));
    // BENCH_MODELS=name,name… measures only those (the first is the throughput baseline).
    String only = System.getenv().getOrDefault("BENCH_MODELS", "");
    List<EmbeddingModel> models =
        only.isBlank()
            ? EmbeddingModels.BUNDLED
            : Arrays.stream(only.split(","))
                .map(n -> EmbeddingModels.byName("BENCH_MODELS", n.strip()))
                .toList();
    List<Method> methods = new ArrayList<>();
    List<List<List<String>>> rankings = new ArrayList<>();
    List<String> chunks = null;
    Map<EmbeddingModel, Double> syncSeconds = new LinkedHashMap<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (EmbeddingModel model : models) {
        try (DjlTextEmbedder embedder = DjlTextEmbedder.load(model, modelCache)) {
          long start = System.nanoTime();
          LakesyncIndex index = LakesyncIndex.publish(settings, allocator, embedder, pages);
          syncSeconds.put(model, (System.nanoTime() - start) / 1e9);
          if (chunks == null) {
            chunks = sample(index.embeddedTexts());
          }
          for (Method mode : index.modes(RetrievalBenchmark.K)) {
            if (mode.name().endsWith("text")) {
              continue; // full-text search does not depend on the model
            }
            Method named =
                new Method(
                    model.name() + " " + mode.name().replace("lakesync ", ""),
                    mode.ranker(),
                    mode.chunks());
            List<List<String>> ranked = new ArrayList<>();
            for (Question question : questions) {
              ranked.add(named.ranker().rank(question.text()));
            }
            methods.add(named);
            rankings.add(ranked);
          }
        }
      }
    }
    Map<EmbeddingModel, List<Double>> rates = throughput(models, chunks, modelCache);

    System.out.printf(
        "(e1) embedding throughput, the same %d chunks of the corpus per model, %d rounds"
            + " interleaved (median chunks/s; int8 runs one text per call)%n",
        chunks.size(), ROUNDS);
    double base = median(rates.get(models.get(0)));
    for (EmbeddingModel model : models) {
      double rate = median(rates.get(model));
      EmbeddingModel fp32 = model.variant().equals("int8") ? fp32Of(model) : model;
      List<Double> fp32Rates = rates.getOrDefault(fp32, rates.get(model));
      System.out.printf(
          Locale.ROOT,
          "    %-26s %7.1f chunks/s  ÷ the first %.2f  ÷ its fp32 %.2f  rounds %s  sync of"
              + " the corpus %.0f s%n",
          model.name(),
          rate,
          rate / base,
          rate / median(fp32Rates),
          rates.get(model).stream().map(r -> String.format(Locale.ROOT, "%.1f", r)).toList(),
          syncSeconds.get(model));
    }
    for (EmbeddingModel model : models) {
      if (model.batchDependent()) {
        batchedInt8(model, chunks, modelCache);
      }
    }
    System.out.printf(
        "(e2) retrieval quality per model: %d questions over %d PostgreSQL 15 manual pages, pages"
            + " of the %d nearest chunks%n",
        questions.size(), pages.size(), RetrievalBenchmark.K);
    Report report = new Report(questions, methods, rankings);
    System.out.print(report.table());
    System.out.print(report.byHalf());
  }

  private static Map<EmbeddingModel, List<Double>> throughput(
      List<EmbeddingModel> models, List<String> chunks, Path modelCache) {
    Map<EmbeddingModel, List<Double>> rates = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (EmbeddingModel model : models) {
        try (DjlTextEmbedder embedder = DjlTextEmbedder.load(model, modelCache)) {
          embedder.embed(chunks.subList(0, 16)); // warm-up
          long start = System.nanoTime();
          embedder.embed(chunks);
          double seconds = (System.nanoTime() - start) / 1e9;
          rates.computeIfAbsent(model, m -> new ArrayList<>()).add(chunks.size() / seconds);
        }
      }
    }
    return rates;
  }

  /**
   * (e3) what running an int8 model one text per call costs and buys: its throughput against the
   * same files run in batches of 8 (a twin whose variant does not say int8, so it is batched),
   * rounds interleaved, and how far the batched vectors are from the one-by-one ones.
   */
  private static void batchedInt8(EmbeddingModel model, List<String> chunks, Path modelCache) {
    EmbeddingModel batched =
        new EmbeddingModel(
            model.id(),
            "int8-batched",
            model.sha256(),
            model.dimension(),
            model.maxTokens(),
            model.pooling(),
            model.queryPrefix(),
            model.files());
    List<Double> single = new ArrayList<>();
    List<Double> inBatches = new ArrayList<>();
    List<float[]> alone = null;
    List<float[]> together = null;
    for (int round = 0; round < ROUNDS; round++) {
      for (EmbeddingModel run : List.of(model, batched)) {
        try (DjlTextEmbedder embedder = DjlTextEmbedder.load(run, modelCache)) {
          embedder.embed(chunks.subList(0, 16));
          long start = System.nanoTime();
          List<float[]> vectors = embedder.embed(chunks);
          double rate = chunks.size() / ((System.nanoTime() - start) / 1e9);
          if (run == model) {
            single.add(rate);
            alone = vectors;
          } else {
            inBatches.add(rate);
            together = vectors;
          }
        }
      }
    }
    List<Double> cosines = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      double dot = 0;
      for (int d = 0; d < model.dimension(); d++) {
        dot += alone.get(i)[d] * together.get(i)[d];
      }
      cosines.add(dot);
    }
    Collections.sort(cosines);
    System.out.printf(
        Locale.ROOT,
        "(e3) %s one text per call ÷ batches of 8: %.2f (%.1f ÷ %.1f chunks/s, median of %d"
            + " interleaved rounds); cosine of the batched vectors to the one-by-one ones: min"
            + " %.4f, median %.4f, %d of %d identical%n",
        model.name(),
        median(single) / median(inBatches),
        median(single),
        median(inBatches),
        ROUNDS,
        cosines.get(0),
        cosines.get(cosines.size() / 2),
        cosines.stream().filter(c -> c >= 1 - 1e-7).count(),
        cosines.size());
  }

  private static List<String> sample(List<String> texts) {
    List<String> shuffled = new ArrayList<>(texts);
    Collections.shuffle(shuffled, new Random(42));
    return List.copyOf(shuffled.subList(0, Math.min(SAMPLE, shuffled.size())));
  }

  private static EmbeddingModel fp32Of(EmbeddingModel int8) {
    return EmbeddingModels.BUNDLED.stream()
        .filter(m -> m.id().equals(int8.id()) && m.variant().equals("fp32"))
        .findFirst()
        .orElseThrow();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}

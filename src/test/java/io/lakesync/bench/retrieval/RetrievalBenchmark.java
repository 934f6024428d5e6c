package io.lakesync.bench.retrieval;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.search.HybridRanking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * (r) Retrieval quality: page-level recall@5, recall@10 and MRR@10 of lakesync's search modes and
 * of a common baseline (1,000-character recursive splitter, 200 overlap), same corpus, same model
 * instance, same questions, one run. Every method ranks the pages of its {@value #K} nearest
 * chunks. Besides lakesync's default hybrid fusion ({@link HybridRanking#DEFAULT}) it measures
 * {@link #HYBRID_VARIANTS} on the same table, and scores every method on each half of the questions
 * (odd and even lines of the file), so a fusion chosen on one half can be checked on the other. The
 * corpus directory comes from bench/corpus through {@code BENCH_CORPUS_PAGES}.
 */
public final class RetrievalBenchmark {
  static final int K = 10;
  private static final String BASELINE = "baseline 1000/200 chars";
  private static final String VECTOR = "lakesync vector";
  private static final String HYBRID = "lakesync hybrid";

  /** Other fusions than the default, each searched on the default's table: name, fusion. */
  static final Map<String, HybridRanking> HYBRID_VARIANTS = variants();

  private static final Path QUESTIONS = Path.of("bench", "retrieval-questions.tsv");
  private static final Path RANKS = Path.of("target", "bench-retrieval", "ranks.tsv");

  private RetrievalBenchmark() {}

  public static void run(LakeFsSettings settings, Path modelCache) throws Exception {
    String corpusDir = System.getenv("BENCH_CORPUS_PAGES");
    if (corpusDir == null || corpusDir.isBlank()) {
      throw new IllegalStateException("BENCH_CORPUS_PAGES is not set: run through bench/run");
    }
    Map<String, String> pages = Corpus.read(Path.of(corpusDir));
    List<Question> questions = Question.load(QUESTIONS);
    for (Question question : questions) {
      if (!pages.keySet().containsAll(question.answers())) {
        throw new IllegalStateException("answer page not in the corpus: " + question);
      }
    }
    try (BufferAllocator allocator = new RootAllocator();
        DjlTextEmbedder embedder =
            DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, modelCache)) {
      long t0 = System.nanoTime();
      BaselineIndex baseline = BaselineIndex.build(pages, embedder);
      long t1 = System.nanoTime();
      LakesyncIndex lakesync = LakesyncIndex.publish(settings, allocator, embedder, pages);
      long t2 = System.nanoTime();

      List<Method> methods = new ArrayList<>();
      methods.add(new Method(BASELINE, question -> baseline.rank(question, K), baseline.stats()));
      methods.addAll(lakesync.modes(K));
      HYBRID_VARIANTS.forEach((name, ranking) -> methods.add(lakesync.hybrid(name, K, ranking)));
      List<List<List<String>>> rankings = new ArrayList<>();
      List<Double> searchSeconds = new ArrayList<>();
      for (Method method : methods) {
        long s0 = System.nanoTime();
        List<List<String>> ranked = new ArrayList<>();
        for (Question question : questions) {
          ranked.add(method.ranker().rank(question.text()));
        }
        rankings.add(ranked);
        searchSeconds.add((System.nanoTime() - s0) / 1e9);
      }

      Report report = new Report(questions, methods, rankings);
      System.out.printf(
          "(r) retrieval quality: %d questions over %d PostgreSQL 15 manual pages,"
              + " %s, pages of the %d nearest chunks%n",
          questions.size(), pages.size(), embedder.model().stamp(), K);
      System.out.print(report.table());
      System.out.print(report.byKind());
      System.out.print(report.byHalf());
      System.out.printf(
          "    lakesync sync: %s (rows in table: %d; median context %d tokens)%n",
          lakesync.result().summary(), lakesync.rows(), lakesync.medianContextTokens());
      StringBuilder searches = new StringBuilder();
      for (int m = 0; m < methods.size(); m++) {
        searches.append(
            String.format(Locale.ROOT, ", %s %.0f s", methods.get(m).name(), searchSeconds.get(m)));
      }
      System.out.printf(
          Locale.ROOT,
          "    time: baseline split+embed %.0f s, lakesync upload+sync+merge %.0f s;"
              + " %d searches per method%s%n",
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          questions.size(),
          searches);
      for (Method method : methods.subList(1, methods.size())) {
        System.out.print(report.compare(method.name(), BASELINE));
      }
      System.out.print(report.compare(HYBRID, VECTOR));
      for (String variant : HYBRID_VARIANTS.keySet()) {
        System.out.print(report.compare(variant, VECTOR));
        System.out.print(report.compare(variant, HYBRID));
      }
      for (Method method : methods.subList(1, methods.size())) {
        System.out.print(report.misses(method.name(), BASELINE));
      }
      Files.createDirectories(RANKS.getParent());
      Files.writeString(RANKS, report.ranksTsv());
      System.out.println("    every question's ranks and top page per method: " + RANKS);
    }
  }

  private static Map<String, HybridRanking> variants() {
    Map<String, HybridRanking> variants = new LinkedHashMap<>();
    for (HybridRanking ranking :
        List.of(
            new HybridRanking(50, 0.5), new HybridRanking(50, 0.3), new HybridRanking(20, 1.0))) {
      variants.put(
          String.format(
              Locale.ROOT, "%s t%.1f c%d", HYBRID, ranking.textWeight(), ranking.candidates()),
          ranking);
    }
    return variants;
  }
}

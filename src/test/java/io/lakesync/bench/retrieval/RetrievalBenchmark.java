package io.lakesync.bench.retrieval;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.DjlTextEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * (r) Retrieval quality: page-level recall@5, recall@10 and MRR@10 of lakesync's search modes and
 * of a common baseline (1,000-character recursive splitter, 200 overlap), same corpus, same model
 * instance, same questions, one run. Every method ranks the pages of its {@value #K} nearest
 * chunks. The corpus directory comes from bench/corpus through {@code BENCH_CORPUS_PAGES}.
 */
public final class RetrievalBenchmark {
  static final int K = 10;
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
      methods.add(
          new Method(
              "baseline 1000/200 chars", question -> baseline.rank(question, K), baseline.stats()));
      methods.addAll(lakesync.modes(K));
      List<List<List<String>>> rankings = new ArrayList<>();
      for (Method method : methods) {
        List<List<String>> ranked = new ArrayList<>();
        for (Question question : questions) {
          ranked.add(method.ranker().rank(question.text()));
        }
        rankings.add(ranked);
      }
      long t3 = System.nanoTime();

      Report report = new Report(questions, methods, rankings);
      System.out.printf(
          "(r) retrieval quality: %d questions over %d PostgreSQL 15 manual pages,"
              + " %s, pages of the %d nearest chunks%n",
          questions.size(), pages.size(), embedder.model().stamp(), K);
      System.out.print(report.table());
      System.out.print(report.byKind());
      System.out.printf(
          "    lakesync sync: %s (rows in table: %d)%n",
          lakesync.result().summary(), lakesync.rows());
      System.out.printf(
          "    time: baseline split+embed %.0f s, lakesync upload+sync+merge %.0f s,"
              + " %d searches per method %.0f s%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, questions.size(), (t3 - t2) / 1e9);
      System.out.print(report.misses("lakesync vector", "baseline 1000/200 chars"));
      Files.createDirectories(RANKS.getParent());
      Files.writeString(RANKS, report.ranksTsv());
      System.out.println("    every question's ranks and top page per method: " + RANKS);
    }
  }
}

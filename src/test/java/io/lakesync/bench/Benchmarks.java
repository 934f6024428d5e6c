package io.lakesync.bench;

import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.bench.images.ImageBenchmark;
import io.lakesync.bench.memory.BackfillMemoryBenchmark;
import io.lakesync.bench.memory.BigFileBenchmark;
import io.lakesync.bench.pipeline.PipelineBenchmark;
import io.lakesync.bench.retrieval.ModelsBenchmark;
import io.lakesync.bench.retrieval.RetrievalBenchmark;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.RawOrtEmbedder;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.gate.GateReport;
import io.lakesync.gate.QualityGate;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.LakeFsSdk;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.Dataset;
import org.lance.Transaction;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * lakesync's speed and memory targets, measured side by side in one run (these machines are noisy,
 * so only ratios of interleaved measurements mean anything). Run with {@code bench/run}; results go
 * to docs/benchmarks.md by hand.
 */
public final class Benchmarks {
  private static final String[] WORDS =
      ("backup restore snapshot table branch commit merge vector search index query storage invoice "
              + "billing account password reset login security policy quota workspace cluster node "
              + "replica partition stream event topic consumer producer schema document paragraph")
          .split(" ");

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    // retrieval and images are opt-in (bench/run retrieval, bench/run images): the first embeds a
    // corpus twice (≈ 10–20 min on 2 cores), the second makes and syncs 1,000 12 MP photos (≈ 10
    // min).
    List<String> which =
        args.length == 0 ? List.of("embed", "scale", "heap", "fresh", "gate") : List.of(args);
    Path cache = Path.of("target", "bench-models");
    if (which.contains("embed")) {
      embeddingThroughput(cache);
    }
    if (which.contains("embed") || which.contains("threads")) {
      EmbeddingThreadsBenchmark.run(cache);
    }
    if (which.contains("batch")) {
      EmbeddingBatchBenchmark.run(cache);
    }
    if (which.contains("images")) {
      ImageBenchmark.run(cache);
    }
    if (which.stream()
        .allMatch(
            w ->
                w.equals("embed")
                    || w.equals("threads")
                    || w.equals("batch")
                    || w.equals("images"))) {
      return; // neither needs lakeFS
    }
    LakeFsSettings settings = LakeFsSettings.fromEnvironment(Environment.system());
    if (which.contains("scale")) {
      syncScaling(settings);
    }
    if (which.contains("heap")) {
      backfillHeap(settings, cache);
    }
    if (which.contains("fresh")) {
      Freshness.run(settings, cache);
    }
    if (which.contains("gate")) {
      gateAudit(settings);
    }
    if (which.contains("retrieval")) {
      RetrievalBenchmark.run(settings, cache);
    }
    if (which.contains("models")) {
      ModelsBenchmark.run(settings, cache);
    }
    if (which.contains("bigtable")) {
      BigTable.run(settings);
    }
    if (which.contains("bigfile")) {
      BigFileBenchmark.run(settings, Path.of(System.getenv("BENCH_CORPUS_PAGES")));
    }
    if (which.contains("backfill-memory")) {
      BackfillMemoryBenchmark.run(settings);
    }
    if (which.contains("pipeline")) {
      PipelineBenchmark.run(settings);
    }
  }

  /**
   * (f) the pre-merge audit of a 20,000-document table: every row read (full_audit_rows above the
   * table) ÷ keys + changed rows + a 2,000-row sample (full_audit_rows 0), interleaved.
   */
  static void gateAudit(LakeFsSettings settings) throws Exception {
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        HashEmbedder embedder = new HashEmbedder()) {
      Repo repo = Repo.create(sdk, s3, "bench-gate", 20_000);
      TableOpener tables = new TableOpener(allocator, settings, embedder.model().dimension());
      TablePublisher publisher = new TablePublisher(lakeFs, s3, tables, embedder, "bench");
      require(publisher.publish(repo.table, repo.head()));
      // The merge under audit: 10 new documents on top of what main serves.
      String served = repo.head();
      repo.commitChanges(10, 0);
      require(publisher.publish(repo.table, repo.head()));
      String head = repo.head();
      QualityGate gate = new QualityGate(lakeFs, s3, tables, embedder);
      TableConfig full = repo.tableWith("quality: {full_audit_rows: 10000000}");
      TableConfig bounded = repo.tableWith("quality: {full_audit_rows: 0}");
      double[] fullTimes = new double[3];
      double[] boundedTimes = new double[3];
      GateReport fullReport = null;
      GateReport boundedReport = null;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        fullReport = gate.evaluate(full, head, java.util.Optional.of(served));
        long t1 = System.nanoTime();
        boundedReport = gate.evaluate(bounded, head, java.util.Optional.of(served));
        long t2 = System.nanoTime();
        fullTimes[round] = (t1 - t0) / 1e9;
        boundedTimes[round] = (t2 - t1) / 1e9;
      }
      System.out.println("(f) pre-merge audit of a 20,000-document table (median of 3)");
      System.out.printf(
          Locale.ROOT,
          "    every row: %.2f s (%s, %s)%n    keys + changed + sample: %.2f s (%s, %s)%n"
              + "    ratio %.2f%n",
          median(fullTimes),
          fullReport.sampled(),
          fullReport.passed() ? "passed" : "failed",
          median(boundedTimes),
          boundedReport.sampled(),
          boundedReport.passed() ? "passed" : "failed",
          median(boundedTimes) / median(fullTimes));
      if (!fullReport.passed() || !boundedReport.passed()) {
        System.out.print(fullReport.render() + boundedReport.render());
      }
    }
  }

  /** (a) DJL pipeline throughput ÷ raw ONNX Runtime, same inputs and batches, interleaved. */
  static void embeddingThroughput(Path cache) throws Exception {
    Random random = new Random(1);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      texts.add(sentence(random, i % 3 == 0 ? 150 + random.nextInt(60) : 8 + random.nextInt(20)));
    }
    System.out.println(
        "(a) embedding throughput, " + texts.size() + " mixed texts, texts/s (median of 5)");
    for (int batch : new int[] {1, 8, 32}) {
      try (DjlTextEmbedder djl =
              DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, cache, batch, 1);
          RawOrtEmbedder ort = new RawOrtEmbedder(EmbeddingModel.ALL_MINILM_L6_V2, cache, batch)) {
        djl.embed(texts.subList(0, 8));
        ort.embed(texts.subList(0, 8));
        double[] djlRates = new double[5];
        double[] ortRates = new double[5];
        for (int round = 0; round < 5; round++) {
          long t0 = System.nanoTime();
          djl.embed(texts);
          long t1 = System.nanoTime();
          ort.embed(texts);
          long t2 = System.nanoTime();
          djlRates[round] = texts.size() / ((t1 - t0) / 1e9);
          ortRates[round] = texts.size() / ((t2 - t1) / 1e9);
        }
        double d = median(djlRates);
        double o = median(ortRates);
        System.out.printf(
            Locale.ROOT,
            "    batch %2d: lakesync/DJL %6.1f   raw ORT %6.1f   ratio %.2f%n",
            batch,
            d,
            o,
            d / o);
      }
    }
  }

  /** A publisher of bench tables, with the model that {@code embedder} stands for. */
  private static TablePublisher publisher(
      LakeFs lakeFs,
      S3Client s3,
      LakeFsSettings settings,
      BufferAllocator allocator,
      TextEmbedder embedder) {
    return new TablePublisher(
        lakeFs,
        s3,
        new TableOpener(allocator, settings, embedder.model().dimension()),
        embedder,
        "bench");
  }

  /**
   * (b) 10-object commit in a 20,000-object repository ÷ in a 1,000-object one; (c) data commits.
   */
  static void syncScaling(LakeFsSettings settings) throws Exception {
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        HashEmbedder embedder = new HashEmbedder()) {
      Repo small = Repo.create(sdk, s3, "bench-1k", 1_000);
      Repo big = Repo.create(sdk, s3, "bench-20k", 20_000);
      TablePublisher publisher = publisher(lakeFs, s3, settings, allocator, embedder);
      for (Repo repo : List.of(small, big)) {
        long t0 = System.nanoTime();
        require(publisher.publish(repo.table, repo.head()));
        System.out.printf(
            Locale.ROOT, "    backfill of %s: %.1f s%n", repo.name, (System.nanoTime() - t0) / 1e9);
      }
      double[] smallTimes = new double[5];
      double[] bigTimes = new double[5];
      List<Integer> dataCommits = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (Repo repo : List.of(small, big)) {
          repo.commitChanges(10, round);
          long before = tableVersion(settings, allocator, repo);
          long t0 = System.nanoTime();
          require(publisher.publish(repo.table, repo.head()));
          double seconds = (System.nanoTime() - t0) / 1e9;
          (repo == small ? smallTimes : bigTimes)[round] = seconds;
          dataCommits.add(dataCommits(settings, allocator, repo, before));
        }
      }
      double s = median(smallTimes);
      double b = median(bigTimes);
      System.out.println(
          "(b) sync of a 10-object commit (median of 5, deterministic fast embedder)");
      System.out.printf(
          Locale.ROOT,
          "    1,000 objects %.3f s   20,000 objects %.3f s   ratio %.2f%n",
          s,
          b,
          b / s);
      System.out.println("(c) Lance data commits per sync: " + dataCommits);
    }
  }

  /** (d) peak heap during a 5,000-document backfill with the real model. */
  static void backfillHeap(LakeFsSettings settings, Path cache) throws Exception {
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        DjlTextEmbedder embedder = DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, cache)) {
      Repo repo = Repo.create(sdk, s3, "bench-5k", 5_000);
      TablePublisher publisher = publisher(lakeFs, s3, settings, allocator, embedder);
      System.gc();
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long t0 = System.nanoTime();
      PublishOutcome outcome = require(publisher.publish(repo.table, repo.head()));
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.println("(d) backfill of 5,000 documents with all-MiniLM-L6-v2");
      System.out.printf(
          Locale.ROOT,
          "    %.1f s, %s, peak heap %.0f MiB (max heap %.0f MiB)%n",
          seconds,
          outcome.result().orElseThrow().summary(),
          peak / 1048576.0,
          Runtime.getRuntime().maxMemory() / 1048576.0);
    }
  }

  private static PublishOutcome require(PublishOutcome outcome) {
    if (outcome.status() != PublishOutcome.Status.MERGED) {
      throw new IllegalStateException("unexpected outcome: " + outcome.summary());
    }
    return outcome;
  }

  private static long tableVersion(LakeFsSettings settings, BufferAllocator allocator, Repo repo) {
    try (Dataset table = new LanceTables(allocator, settings).open(repo.location())) {
      return table.version();
    }
  }

  private static int dataCommits(
      LakeFsSettings settings, BufferAllocator allocator, Repo repo, long before) {
    int count = 0;
    try (Dataset table = new LanceTables(allocator, settings).open(repo.location())) {
      for (long v = before + 1; v <= table.version(); v++) {
        try (Dataset version = table.checkoutVersion(v);
            Transaction tx = version.readTransaction().orElseThrow()) {
          String op = tx.operation().name();
          if (!op.equals("UpdateConfig") && !op.equals("CreateIndex")) {
            count++;
          }
        }
      }
    }
    return count;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static String sentence(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }

  /** A repository filled with documents for one benchmark. */
  record Repo(LakeFsSdk sdk, S3Client s3, String name, TableConfig table) {
    static Repo create(LakeFsSdk sdk, S3Client s3, String prefix, int documents) throws Exception {
      String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
      sdk.repositories()
          .createRepository(
              new RepositoryCreation()
                  .name(name)
                  .storageNamespace("local://" + name)
                  .defaultBranch("main"))
          .execute();
      Repo repo =
          new Repo(
              sdk,
              s3,
              name,
              LakesyncConfig.parse(
                      "tables: [{name: docs, repository: "
                          + name
                          + ", branch: main, include: ['docs/**'], index_min_rows: 1000000}]")
                  .tables()
                  .get(0));
      Random random = new Random(documents);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> uploads = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
          String path = "docs/d" + (i % 100) + "/doc-" + i + ".md";
          String text =
              sentence(random, 30 + random.nextInt(60))
                  + "\n\n"
                  + sentence(random, 30 + random.nextInt(60));
          uploads.add(pool.submit(() -> repo.put(path, text)));
        }
        for (Future<?> upload : uploads) {
          upload.get();
        }
      } finally {
        pool.shutdown();
      }
      sdk.commits()
          .commit(name, "main", new io.lakefs.clients.sdk.model.CommitCreation().message("seed"))
          .execute();
      return repo;
    }

    void put(String path, String text) {
      s3.putObject(b -> b.bucket(name).key("main/" + path), RequestBody.fromString(text));
    }

    void commitChanges(int objects, int round) throws Exception {
      Random random = new Random(round * 31L + name.hashCode());
      for (int i = 0; i < objects; i++) {
        put("docs/changed/round-" + round + "-" + i + ".md", sentence(random, 40));
      }
      sdk.commits()
          .commit(
              name,
              "main",
              new io.lakefs.clients.sdk.model.CommitCreation()
                  .message("round " + round)
                  .metadata(Map.of()))
          .execute();
    }

    TableConfig tableWith(String settings) {
      return LakesyncConfig.parse(
              "tables: [{name: docs, repository: "
                  + name
                  + ", branch: main, include: ['docs/**'], index_min_rows: 1000000, "
                  + settings
                  + "}]")
          .tables()
          .get(0);
    }

    String head() throws Exception {
      return sdk.branches().getBranch(name, "main").execute().getCommitId();
    }

    LanceLocation location() {
      return new LanceLocation(name, "main", table.path());
    }
  }
}

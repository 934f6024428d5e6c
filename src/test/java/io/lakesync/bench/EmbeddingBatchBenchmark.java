package io.lakesync.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.EmbeddingThreads;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * (a3) The text embedder's batch size, on the texts a backfill embeds most (full ~200-token chunks)
 * with lakesync's threading (one batch per core): each size ÷ the default, rounds interleaved.
 * Prints process CPU time beside wall time: CPU per text is what a busy machine cannot hide.
 */
final class EmbeddingBatchBenchmark {
  private static final int ROUNDS = 5;
  private static final int[] SIZES = {4, 8, 16, 32};

  private EmbeddingBatchBenchmark() {}

  static void run(Path cache) {
    int threads = EmbeddingThreads.fromEnvironment();
    Random random = new Random(11);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      texts.add(Benchmarks.sentence(random, 150 + random.nextInt(40)));
    }
    System.out.printf(
        Locale.ROOT,
        "(a3) embedding batch size: %d texts of ~200 tokens, %d batches at once, median of %d,"
            + " load average %.1f%n",
        texts.size(),
        threads,
        ROUNDS,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    List<DjlTextEmbedder> embedders = new ArrayList<>();
    try {
      for (int size : SIZES) {
        DjlTextEmbedder embedder =
            DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, cache, size, threads);
        embedders.add(embedder);
        embedder.embed(texts.subList(0, 2 * size * threads));
      }
      double[][] wall = new double[SIZES.length][ROUNDS];
      double[][] cpu = new double[SIZES.length][ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < SIZES.length; k++) {
          // Each round starts at another size, so a change of load hits all alike.
          int slot = (k + round) % SIZES.length;
          long cpu0 = processCpuNanos();
          long t0 = System.nanoTime();
          embedders.get(slot).embed(texts);
          wall[slot][round] = (System.nanoTime() - t0) / 1e9;
          cpu[slot][round] = (processCpuNanos() - cpu0) / 1e9;
        }
      }
      int base = java.util.Arrays.binarySearch(SIZES, DjlTextEmbedder.DEFAULT_BATCH_SIZE);
      for (int k = 0; k < SIZES.length; k++) {
        System.out.printf(
            Locale.ROOT,
            "    batch %2d: wall %6.2f s, CPU %6.2f s   ÷ batch %d: wall %.2f, CPU %.2f%n",
            SIZES[k],
            Benchmarks.median(wall[k]),
            Benchmarks.median(cpu[k]),
            DjlTextEmbedder.DEFAULT_BATCH_SIZE,
            Benchmarks.median(wall[k]) / Benchmarks.median(wall[base]),
            Benchmarks.median(cpu[k]) / Benchmarks.median(cpu[base]));
      }
    } finally {
      embedders.forEach(DjlTextEmbedder::close);
    }
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}

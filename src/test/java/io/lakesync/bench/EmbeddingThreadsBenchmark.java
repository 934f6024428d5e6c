package io.lakesync.bench;

import com.sun.management.OperatingSystemMXBean;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.DjlTextEmbedder;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * (a2) The text embedder with one batch per core at a time ÷ one batch at a time spread over every
 * core (ONNX Runtime's intra-op threads, the default of a plain session and of the obvious Python
 * pipeline), on the same texts, rounds interleaved. Prints wall and process CPU time: on a busy
 * machine the wall time shows what waiting on preempted intra-op threads costs.
 */
final class EmbeddingThreadsBenchmark {
  private static final int ROUNDS = 5;

  private EmbeddingThreadsBenchmark() {}

  static void run(Path cache) {
    int cores = Runtime.getRuntime().availableProcessors();
    Random random = new Random(7);
    List<String> uniform = new ArrayList<>();
    List<String> mixed = new ArrayList<>();
    for (int i = 0; i < 96; i++) {
      // About 200 tokens: a full chunk, as most chunks of a backfill are.
      uniform.add(Benchmarks.sentence(random, 160 + random.nextInt(20)));
      mixed.add(Benchmarks.sentence(random, i % 3 == 0 ? 150 : 8 + random.nextInt(60)));
    }
    System.out.printf(
        Locale.ROOT,
        "(a2) embedding threads: %d batches at once, one core each ÷ one batch on all %d cores,"
            + " batch %d, median of %d, load average %.1f%n",
        cores,
        cores,
        DjlTextEmbedder.DEFAULT_BATCH_SIZE,
        ROUNDS,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (cores == 1) {
      System.out.println("    one core: nothing to compare");
      return;
    }
    try (DjlTextEmbedder shared =
            DjlTextEmbedder.load(
                EmbeddingModel.ALL_MINILM_L6_V2, cache, DjlTextEmbedder.DEFAULT_BATCH_SIZE, 1);
        DjlTextEmbedder perCore =
            DjlTextEmbedder.load(
                EmbeddingModel.ALL_MINILM_L6_V2,
                cache,
                DjlTextEmbedder.DEFAULT_BATCH_SIZE,
                cores)) {
      compare("~200-token texts", uniform, shared, perCore);
      compare("mixed lengths", mixed, shared, perCore);
    }
  }

  private static void compare(
      String name, List<String> texts, DjlTextEmbedder shared, DjlTextEmbedder perCore) {
    shared.embed(texts.subList(0, 16));
    perCore.embed(texts.subList(0, 16));
    double[][] wall = new double[2][ROUNDS];
    double[][] cpu = new double[2][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so a change of load hits both alike.
      DjlTextEmbedder[] order =
          round % 2 == 0
              ? new DjlTextEmbedder[] {shared, perCore}
              : new DjlTextEmbedder[] {perCore, shared};
      for (DjlTextEmbedder embedder : order) {
        int slot = embedder == shared ? 0 : 1;
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        embedder.embed(texts);
        wall[slot][round] = (System.nanoTime() - t0) / 1e9;
        cpu[slot][round] = (processCpuNanos() - cpu0) / 1e9;
      }
    }
    double sharedWall = Benchmarks.median(wall[0]);
    double perCoreWall = Benchmarks.median(wall[1]);
    System.out.printf(
        Locale.ROOT,
        "    %-17s one batch on all cores %6.2f s (CPU %6.2f s)   one per core %6.2f s (CPU"
            + " %6.2f s)   wall ratio %.2f%n",
        name,
        sharedWall,
        Benchmarks.median(cpu[0]),
        perCoreWall,
        Benchmarks.median(cpu[1]),
        perCoreWall / sharedWall);
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}

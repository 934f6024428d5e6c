package io.lakesync.bench.memory;

import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.testing.LakeFsSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.lance.Dataset;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (m2) Backfills of 10 k and 100 k chunks (and more with {@code BENCH_BACKFILL_CHUNKS}), each in a
 * child JVM of its own with the container's flags in a 2 GiB memory cgroup, through the real
 * publisher, lakeFS and Lance, with the wide hash embedder for the model: peak memory should stay
 * flat while wall time grows with the chunks. Sizes listed in {@code BENCH_BACKFILL_ONE_BATCH} are
 * also run as one batch (what the sync did before it streamed), for contrast.
 */
public final class BackfillMemoryBenchmark {
  /** The image whose JVM flags and Lance settings the child runs with. */
  private static final Path DOCKERFILE = Path.of("Dockerfile");

  /** Paragraphs of {@link #WORDS_PER_PARAGRAPH} words: about ten 200-token chunks a document. */
  static final int PARAGRAPHS = 10;

  static final int WORDS_PER_PARAGRAPH = 150;
  static final int CHUNKS_PER_DOCUMENT = 10;

  private static final String[] VOCABULARY =
      ("backup restore snapshot table branch commit merge vector search index query storage invoice"
              + " billing account password reset login security policy quota workspace cluster node"
              + " replica partition stream event topic consumer producer schema document paragraph"
              + " vacuum analyze trigger function operator sequence tablespace role grant revoke")
          .split(" ");

  private BackfillMemoryBenchmark() {}

  public static void run(LakeFsSettings settings) throws Exception {
    int[] sizes = sizes("BENCH_BACKFILL_CHUNKS", "10000,100000");
    int[] oneBatch = sizes("BENCH_BACKFILL_ONE_BATCH", "100000");
    Path work = Files.createDirectories(Path.of("target", "bench-memory").toAbsolutePath());
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    System.out.println(
        "(m2) backfills through the real publisher, lakeFS and Lance, 384-float hash embedder,"
            + " one child JVM each with the container's JVM flags");
    List<String> rows = new ArrayList<>();
    Map<Integer, Measured> streamed = new HashMap<>();
    try (S3Client s3 = S3Gateway.client(settings)) {
      for (int chunks : sizes) {
        String repo = seed(sdk, s3, chunks);
        Measured m = backfill(settings, work, repo, "mem", 4096);
        streamed.put(chunks, m);
        rows.add(m.row("streamed " + chunks));
        if (Arrays.stream(oneBatch).anyMatch(s -> s == chunks)) {
          rows.add(
              backfill(settings, work, repo, "mem-onebatch", 10_000_000)
                  .row("one batch " + chunks));
        }
      }
    }
    System.out.println("    " + Measured.HEADER);
    rows.forEach(r -> System.out.println("    " + r));
    for (int chunks : sizes) {
      System.out.println(
          "    phases (ms) of streamed "
              + chunks
              + ": "
              + streamed.get(chunks).run.lastLine("phases-ms ").orElse("?"));
    }
    Measured first = streamed.get(sizes[0]);
    for (int i = 1; i < sizes.length; i++) {
      Measured m = streamed.get(sizes[i]);
      System.out.printf(
          Locale.ROOT,
          "    ratio %d ÷ %d (streamed): chunks %.2f, publish time %.2f, VmHWM %.2f, cgroup peak"
              + " %.2f, heap before GC %.2f, heap after GC %.2f%n",
          sizes[i],
          sizes[0],
          (double) m.chunks / first.chunks,
          m.publishSeconds / first.publishSeconds,
          BigFileBenchmark.ratio(m.run.peakRssBytes(), first.run.peakRssBytes()),
          BigFileBenchmark.ratio(m.run.cgroupMaxUsageBytes(), first.run.cgroupMaxUsageBytes()),
          BigFileBenchmark.ratio(
              m.run.gc().peakBeforeGcBytes(), first.run.gc().peakBeforeGcBytes()),
          BigFileBenchmark.ratio(m.run.gc().peakAfterGcBytes(), first.run.gc().peakAfterGcBytes()));
    }
  }

  private static int[] sizes(String variable, String fallback) {
    String value = System.getenv().getOrDefault(variable, fallback).strip();
    return value.isEmpty()
        ? new int[0]
        : Arrays.stream(value.split(",")).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
  }

  /** A repository with about {@code chunks} chunks' worth of documents on main, committed. */
  private static String seed(LakeFsSdk sdk, S3Client s3, int chunks) throws Exception {
    String repo = "bench-mem-" + chunks + "-" + UUID.randomUUID().toString().substring(0, 6);
    sdk.repositories()
        .createRepository(
            new RepositoryCreation()
                .name(repo)
                .storageNamespace("local://" + repo)
                .defaultBranch("main"))
        .execute();
    long t0 = System.nanoTime();
    int documents = chunks / CHUNKS_PER_DOCUMENT;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> uploads = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        int doc = i;
        uploads.add(
            pool.submit(
                () ->
                    s3.putObject(
                        b ->
                            b.bucket(repo).key("main/docs/d" + (doc % 100) + "/doc-" + doc + ".md"),
                        RequestBody.fromString(document(doc)))));
      }
      for (Future<?> upload : uploads) {
        upload.get();
      }
    } finally {
      pool.shutdown();
    }
    sdk.commits().commit(repo, "main", new CommitCreation().message("seed")).execute();
    System.out.printf(
        Locale.ROOT,
        "    seeded %s: %,d documents in %.0f s%n",
        repo,
        documents,
        (System.nanoTime() - t0) / 1e9);
    return repo;
  }

  /** Document {@code n}: the same words on every run, no two paragraphs alike. */
  static String document(int n) {
    Random random = new Random(n);
    StringBuilder text = new StringBuilder("# Document ").append(n).append("\n\n");
    for (int p = 0; p < PARAGRAPHS; p++) {
      for (int w = 0; w < WORDS_PER_PARAGRAPH; w++) {
        text.append(w == 0 ? "" : " ").append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
      }
      text.append(".\n\n");
    }
    return text.toString();
  }

  private static Measured backfill(
      LakeFsSettings settings, Path work, String repo, String table, int batchChunks)
      throws Exception {
    Path dir = Files.createDirectories(work.resolve(repo + "-" + table));
    Path gcLog = dir.resolve("gc.log");
    StringBuilder why = new StringBuilder();
    Optional<MemoryCgroup> cgroup =
        MemoryCgroup.create("lakesync-bench", BigFileBenchmark.LIMIT_BYTES, why);
    if (cgroup.isEmpty()) {
      System.out.println(
          "    NO memory cgroup (" + why + "): measuring VmHWM without a limit, heap from RAM");
    }
    Path cache = work.resolve("cache");
    Map<String, String> env = new java.util.HashMap<>(ContainerJvm.lanceEnvironment(DOCKERFILE));
    env.put("JAVA_TOOL_OPTIONS", ContainerJvm.toolOptions(DOCKERFILE, cache.resolve("djl")));
    env.put("LAKESYNC_CACHE", cache.toString());
    ContainerJvm.hostPreload(DOCKERFILE).ifPresent(lib -> env.put("LD_PRELOAD", lib));
    // For profiling a child: BENCH_CHILD_ENV="LD_PRELOAD=… MALLOC_CONF=…" and
    // BENCH_CHILD_JAVA_OPTS="-XX:NativeMemoryTracking=summary -Dlog4j2.level=INFO".
    for (String pair : System.getenv().getOrDefault("BENCH_CHILD_ENV", "").trim().split("\\s+")) {
      if (pair.contains("=")) {
        env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    String command =
        "java "
            + GcLog.flags(gcLog)
            + " -Dlog4j2.level=WARN "
            + System.getenv().getOrDefault("BENCH_CHILD_JAVA_OPTS", "")
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + BackfillChild.class.getName()
            + " "
            + repo
            + " "
            + table
            + " "
            + batchChunks;
    ChildRun run;
    try {
      run = ChildRun.run(command, env, cgroup, gcLog, dir);
    } finally {
      if (cgroup.isPresent()) {
        cgroup.get().close();
      }
    }
    if (run.exitCode() != 0) {
      System.out.println(
          "    " + repo + " " + table + " exited " + run.exitCode() + ":\n" + run.tail(30));
    }
    double publish =
        run.lastLine("publish-seconds ")
            .map(l -> Double.parseDouble(l.substring("publish-seconds ".length())))
            .orElse(Double.NaN);
    long chunks =
        run.output().stream()
            .map(BackfillMemoryBenchmark::chunksOf)
            .filter(c -> c >= 0)
            .reduce(-1L, (a, b) -> b);
    long rows = run.exitCode() == 0 ? rows(settings, repo, table) : -1;
    return new Measured(run, publish, chunks, rows);
  }

  private static long chunksOf(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) chunks \\(").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long rows(LakeFsSettings settings, String repo, String table) {
    try (BufferAllocator allocator = new RootAllocator();
        Dataset dataset =
            new LanceTables(allocator, settings)
                .open(new LanceLocation(repo, "main", "lancedb/" + table + ".lance"))) {
      return dataset.countRows();
    }
  }

  /** One backfill's measurements. */
  record Measured(ChildRun run, double publishSeconds, long chunks, long rows) {
    static final String HEADER =
        "                      exit  chunks  rows(main)  publish s  process s  VmHWM MiB (at)"
            + "  cgroup peak MiB (failcnt)  max heap MiB  heap before/after GC MiB  GCs";

    String row(String label) {
      return String.format(
          Locale.ROOT,
          "%-20s %4d  %6d  %10d  %9.1f  %9.1f  %9.0f (%3.0f%%)  %15.0f (%d)  %12.0f  %.0f / %.0f  %d",
          label,
          run.exitCode(),
          chunks,
          rows,
          publishSeconds,
          run.wallSeconds(),
          run.peakRssBytes() / 1048576.0,
          run.peakRssAt() * 100,
          run.cgroupMaxUsageBytes() / 1048576.0,
          run.cgroupFailCount(),
          run.gc().maxHeapBytes() / 1048576.0,
          run.gc().peakBeforeGcBytes() / 1048576.0,
          run.gc().peakAfterGcBytes() / 1048576.0,
          run.gc().collections());
    }
  }
}

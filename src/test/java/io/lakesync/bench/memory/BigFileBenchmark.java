package io.lakesync.bench.memory;

import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.testing.LakeFsSdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jsoup.Jsoup;
import org.lance.Dataset;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (m1) One 15 MB text file through the real {@code bin/lakesync sync}, as a separate process with
 * the container's JVM flags inside a 2 GiB memory cgroup: does it merge, and how much memory does
 * it take? Streamed (the default {@code batch_chunks}) and as one batch ({@code batch_chunks} above
 * the file's chunk count: what the sync did before it streamed), side by side.
 */
public final class BigFileBenchmark {
  /** A Kubernetes pod's limit in k8s/base. */
  static final long LIMIT_BYTES = 2L << 30;

  static final long FILE_BYTES = 15_000_000;
  static final int ONE_BATCH = 10_000_000;

  private static final Pattern CHUNKS =
      Pattern.compile("(\\d+) chunks \\((\\d+) embedded, (\\d+) reused\\)");

  private BigFileBenchmark() {}

  public static void run(LakeFsSettings settings, Path pages) throws Exception {
    Path work = Files.createDirectories(Path.of("target", "bench-memory").toAbsolutePath());
    Path file = bigFile(pages, work.resolve("pg15-manual-15mb.txt"));
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    String repo = "bench-bigfile-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = S3Gateway.client(settings)) {
      createRepo(sdk, repo);
      s3.putObject(
          b -> b.bucket(repo).key("main/docs/pg15-manual.txt"), RequestBody.fromFile(file));
      sdk.commits()
          .commit(repo, "main", new CommitCreation().message("the manual, 15 MB"))
          .execute();
      warmUp(sdk, s3, work);
    }
    System.out.printf(
        Locale.ROOT,
        "(m1) one %.1f MB text file (%s), bin/lakesync sync with the container's JVM flags%n",
        Files.size(file) / 1e6,
        file.getFileName());
    Result streamed = sync(settings, work, repo, "big", null);
    Result oneBatch = sync(settings, work, repo, "big-onebatch", ONE_BATCH);
    System.out.println("    " + Result.HEADER);
    System.out.println("    streamed (batch_chunks default) " + streamed.row());
    System.out.println("    one batch (batch_chunks " + ONE_BATCH + ")  " + oneBatch.row());
    System.out.printf(
        Locale.ROOT,
        "    ratio streamed ÷ one batch: cgroup peak %.2f, VmHWM %.2f, heap before GC %.2f,"
            + " heap after GC %.2f, wall %.2f%n",
        ratio(streamed.run.cgroupMaxUsageBytes(), oneBatch.run.cgroupMaxUsageBytes()),
        ratio(streamed.run.peakRssBytes(), oneBatch.run.peakRssBytes()),
        ratio(streamed.run.gc().peakBeforeGcBytes(), oneBatch.run.gc().peakBeforeGcBytes()),
        ratio(streamed.run.gc().peakAfterGcBytes(), oneBatch.run.gc().peakAfterGcBytes()),
        streamed.run.wallSeconds() / oneBatch.run.wallSeconds());
  }

  static double ratio(long a, long b) {
    return b <= 0 ? Double.NaN : (double) a / b;
  }

  /**
   * The visible text of the corpus pages in name order, repeated until {@link #FILE_BYTES}: the
   * same bytes on every run.
   */
  static Path bigFile(Path pages, Path target) throws IOException, NoSuchAlgorithmException {
    StringBuilder unit = new StringBuilder();
    try (Stream<Path> files = Files.list(pages)) {
      for (Path page : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
        unit.append(Jsoup.parse(Files.readString(page)).body().wholeText().strip()).append("\n\n");
      }
    }
    byte[] once = unit.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[(int) FILE_BYTES];
    for (int at = 0; at < all.length; at += once.length) {
      System.arraycopy(once, 0, all, at, Math.min(once.length, all.length - at));
    }
    // Cut at the last line end, so no character is split.
    int end = all.length;
    while (all[end - 1] != '\n') {
      end--;
    }
    Files.write(target, java.util.Arrays.copyOf(all, end));
    System.out.printf(
        Locale.ROOT,
        "    file: %,d bytes, the %,d bytes of visible text of %s's pages repeated, sha256 %s%n",
        end,
        once.length,
        pages.getFileName(),
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target)))
            .substring(0, 16));
    return target;
  }

  private static void createRepo(LakeFsSdk sdk, String repo) throws Exception {
    sdk.repositories()
        .createRepository(
            new RepositoryCreation()
                .name(repo)
                .storageNamespace("local://" + repo)
                .defaultBranch("main"))
        .execute();
  }

  /**
   * One small sync first, outside the measurement: it unpacks the model into the cache, as a pod
   * that has run before finds it.
   */
  private static void warmUp(LakeFsSdk sdk, S3Client s3, Path work) throws Exception {
    String repo = "bench-warmup-" + UUID.randomUUID().toString().substring(0, 8);
    createRepo(sdk, repo);
    s3.putObject(
        b -> b.bucket(repo).key("main/docs/a.txt"),
        RequestBody.fromString("A small document that warms the model cache."));
    sdk.commits().commit(repo, "main", new CommitCreation().message("one")).execute();
    Path config = config(work, repo, "warm", null);
    Path dir = Files.createDirectories(work.resolve("warm"));
    ChildRun run =
        ChildRun.run(
            "bin/lakesync sync --config " + config + " --table warm",
            env(work),
            Optional.empty(),
            dir.resolve("gc.log"),
            dir);
    if (run.exitCode() != 0) {
      throw new IllegalStateException("the warm-up sync failed:\n" + run.tail(30));
    }
  }

  private static Map<String, String> env(Path work) throws IOException {
    Path cache = work.resolve("cache");
    Path dockerfile = Path.of("Dockerfile");
    Map<String, String> env = new java.util.HashMap<>(ContainerJvm.lanceEnvironment(dockerfile));
    env.put("LAKESYNC_CACHE", cache.toString());
    env.put("JAVA_TOOL_OPTIONS", ContainerJvm.toolOptions(dockerfile, cache.resolve("djl")));
    env.put("LAKESYNC_LOG_LEVEL", "INFO");
    return env;
  }

  private static Path config(Path work, String repo, String table, Integer batchChunks)
      throws IOException {
    Path config = work.resolve(table + ".yaml");
    Files.writeString(
        config,
        "tables:\n  - name: "
            + table
            + "\n    repository: "
            + repo
            + "\n    branch: main\n    include: [\"docs/**\"]\n    path: lancedb/"
            + table
            + ".lance\n"
            + (batchChunks == null ? "" : "    batch_chunks: " + batchChunks + "\n"));
    return config;
  }

  private static Result sync(
      LakeFsSettings settings, Path work, String repo, String table, Integer batchChunks)
      throws Exception {
    Path config = config(work, repo, table, batchChunks);
    Path dir = Files.createDirectories(work.resolve(table));
    Path gcLog = dir.resolve("gc.log");
    Files.deleteIfExists(gcLog);
    StringBuilder why = new StringBuilder();
    Optional<MemoryCgroup> cgroup = MemoryCgroup.create("lakesync-bench", LIMIT_BYTES, why);
    if (cgroup.isEmpty()) {
      System.out.println(
          "    NO memory cgroup (" + why + "): measuring VmHWM without a limit, heap from RAM");
    }
    Map<String, String> env = new java.util.HashMap<>(env(work));
    env.put("JAVA_OPTS", GcLog.flags(gcLog));
    ChildRun run;
    try {
      run =
          ChildRun.run(
              "bin/lakesync sync --config " + config + " --table " + table,
              env,
              cgroup,
              gcLog,
              dir);
    } finally {
      if (cgroup.isPresent()) {
        cgroup.get().close();
      }
    }
    if (run.exitCode() != 0) {
      System.out.println("    " + table + " exited " + run.exitCode() + ":\n" + run.tail(30));
    }
    long rows = run.exitCode() == 0 ? rows(settings, repo, table) : -1;
    long chunks = -1;
    long modelCalls = -1;
    for (String line : run.output()) {
      Matcher m = CHUNKS.matcher(line);
      if (m.find()) {
        chunks = Long.parseLong(m.group(1));
        modelCalls = Long.parseLong(m.group(2));
      }
    }
    return new Result(run, rows, chunks, modelCalls, cgroup.isPresent() ? LIMIT_BYTES : 0);
  }

  private static long rows(LakeFsSettings settings, String repo, String table) {
    try (BufferAllocator allocator = new RootAllocator();
        Dataset dataset =
            new LanceTables(allocator, settings)
                .open(new LanceLocation(repo, "main", "lancedb/" + table + ".lance"))) {
      return dataset.countRows();
    }
  }

  /** One sync's measurements. */
  record Result(ChildRun run, long rows, long chunks, long modelCalls, long limit) {
    static final String HEADER =
        "                                 exit  rows(main)  chunks  model calls  wall s  cgroup peak"
            + " MiB (limit, failcnt)  VmHWM MiB (at)  max heap MiB  heap before/after GC MiB";

    String row() {
      return String.format(
          Locale.ROOT,
          "%4d  %10d  %6d  %11d  %6.1f  %8.0f (%s, %d)  %9.0f (%3.0f%%)  %12.0f  %.0f / %.0f",
          run.exitCode(),
          rows,
          chunks,
          modelCalls,
          run.wallSeconds(),
          run.cgroupMaxUsageBytes() / 1048576.0,
          limit == 0 ? "none" : (limit >> 20) + " MiB",
          run.cgroupFailCount(),
          run.peakRssBytes() / 1048576.0,
          run.peakRssAt() * 100,
          run.gc().maxHeapBytes() / 1048576.0,
          run.gc().peakBeforeGcBytes() / 1048576.0,
          run.gc().peakAfterGcBytes() / 1048576.0);
    }
  }
}

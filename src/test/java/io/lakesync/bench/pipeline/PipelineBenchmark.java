package io.lakesync.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.ModelFiles;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.testing.LakeFsSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * (p) lakesync's first sync and its incremental update ÷ the obvious Python pipeline
 * (bench/pipeline/pipeline.py), in one run, on the same pages, with the same ONNX model file, each
 * run as its user runs it: {@code bin/lakesync sync} and {@code python pipeline.py}, in their own
 * processes, start-up included. Each pipeline has a repository of its own with the same pages and
 * the same edits, so neither sees the other's table.
 *
 * <p>Settings (environment): {@code BENCH_CORPUS_PAGES} the pages directory (bench/corpus), {@code
 * BENCH_PIPELINE_PYTHON} the venv's python (bench/pipeline/venv), {@code BENCH_PIPELINE_PAGES} how
 * many pages (every k-th; default all).
 */
public final class PipelineBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STARTUP_ROUNDS = 3;

  private final Path root = Path.of("").toAbsolutePath();
  private final Path work = root.resolve("target/bench-pipeline");
  private final Path cache = work.resolve("cache");
  private final Map<String, String> env = Map.of("LAKESYNC_CACHE", cache.toString());
  private final ModelFiles model;
  private final String python;

  private PipelineBenchmark(ModelFiles model, String python) {
    this.model = model;
    this.python = python;
  }

  public static void run(LakeFsSettings settings) throws Exception {
    Path pagesDir = Path.of(require("BENCH_CORPUS_PAGES"));
    int limit = Integer.parseInt(System.getenv().getOrDefault("BENCH_PIPELINE_PAGES", "0"));
    Map<String, String> pages = PipelineCorpus.load(pagesDir, limit);
    Path cache = Path.of("target/bench-pipeline/cache").toAbsolutePath();
    // The directory bin/lakesync unpacks its bundled model into (LAKESYNC_CACHE/models): Python
    // loads exactly the file lakesync loads.
    ModelFiles model =
        ModelFiles.materialize(EmbeddingModel.ALL_MINILM_L6_V2, cache.resolve("models"));
    new PipelineBenchmark(model, require("BENCH_PIPELINE_PYTHON")).measure(settings, pages);
  }

  private void measure(LakeFsSettings settings, Map<String, String> pages) throws Exception {
    long bytes = pages.values().stream().mapToLong(String::length).sum();
    System.out.printf(
        Locale.ROOT,
        "(p) pipeline: %d pages (%.1f MB of HTML), all-MiniLM-L6-v2 %s (sha256 %s)%n",
        pages.size(),
        bytes / 1e6,
        model.onnx(),
        ModelFiles.sha256(model.onnx()).substring(0, 16));
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    try (S3Client s3 = S3Gateway.client(settings)) {
      CorpusRepository lakesyncRepo = CorpusRepository.create(sdk, s3, "bench-pipe-ls", pages);
      CorpusRepository pythonRepo = CorpusRepository.create(sdk, s3, "bench-pipe-py", pages);
      // A second lakesync backfill, after Python's two full runs (its backfill and its update,
      // which rebuilds everything): lakesync, Python, Python, lakesync cancels a load that drifts
      // during the run, which on these shared machines moved one pipeline's time 2.5×.
      CorpusRepository secondRepo = CorpusRepository.create(sdk, s3, "bench-pipe-ls2", pages);
      Files.createDirectories(work);
      Path config = work.resolve("lakesync-" + lakesyncRepo.name() + ".yaml");
      Files.writeString(config, lakesyncRepo.lakesyncConfig());
      Path secondConfig = work.resolve("lakesync-" + secondRepo.name() + ".yaml");
      Files.writeString(secondConfig, secondRepo.lakesyncConfig());

      // Warm-up, untimed: the first run of each unpacks native libraries (bin/lakesync's and
      // DJL's caches) or compiles bytecode (Python) once per machine, which a user pays once, not
      // per sync.
      lakesync("version");
      startupProbe(config);
      TimedProcess.run(
          root,
          env,
          List.of(python, "-c", "import boto3, lancedb, numpy, onnxruntime, tokenizers"));
      double version = median(STARTUP_ROUNDS, () -> lakesync("version").seconds());
      TimedProcess lsBackfill =
          lakesync("sync", "--config", config.toString(), "--table", "docs", "--json");
      TimedProcess pyBackfill = python(pythonRepo, settings);
      double noop =
          median(
              STARTUP_ROUNDS,
              () -> lakesync("sync", "--config", config.toString(), "--table", "docs").seconds());
      JsonNode probe = JSON.readTree(startupProbe(config).lastLine());

      Map<String, String> edited = PipelineCorpus.edit(pages, 1);
      lakesyncRepo.commitEdits(edited, "edit 1 %");
      pythonRepo.commitEdits(edited, "edit 1 %");
      TimedProcess pyUpdate = python(pythonRepo, settings);
      TimedProcess lsSecondBackfill =
          lakesync("sync", "--config", secondConfig.toString(), "--table", "docs", "--json");
      TimedProcess lsUpdate =
          lakesync("sync", "--config", config.toString(), "--table", "docs", "--json");

      report("backfill", lsBackfill, pyBackfill, 0.7);
      reportInterleaved(lsBackfill, pyBackfill, pyUpdate, lsSecondBackfill, 0.7);
      report("update of " + edited.size() + " pages", lsUpdate, pyUpdate, 0.3);
      startup(version, noop, probe);
    }
  }

  private void report(String what, TimedProcess lakesync, TimedProcess python, double target)
      throws Exception {
    JsonNode ls = JSON.readTree(lakesync.lastLine());
    JsonNode py = JSON.readTree(python.lastLine());
    double lsInside = inside(lakesync);
    JsonNode pyPhases = py.get("phases_s");
    double pyInside = pythonInside(python);
    System.out.printf(
        Locale.ROOT,
        "    %s: lakesync %.1f s (%d chunks, %d embedded, %d reused)   python %.1f s (%d chunks, %d"
            + " tokens, %d with padding)%n"
            + "      ratio %.2f with start-up (target ≤ %.1f); %.2f without (%.1f s ÷ %.1f s)%n",
        what,
        lakesync.seconds(),
        ls.get("chunks").asInt(),
        ls.get("model_calls").asInt(),
        ls.get("reused").asInt(),
        python.seconds(),
        py.get("chunks").asInt(),
        py.get("tokens").get("real").asLong(),
        py.get("tokens").get("padded").asLong(),
        lakesync.seconds() / python.seconds(),
        target,
        lsInside / pyInside,
        lsInside,
        pyInside);
    System.out.println("      lakesync phases (ms): " + phases(ls.get("phases_ms"), 1));
    System.out.printf(
        Locale.ROOT,
        "      lakesync outside the publish: %.1f s (JVM, config, connections, model, sweep, exit)%n",
        lakesync.seconds() - lsInside);
    System.out.printf(
        Locale.ROOT,
        "      python phases (ms): %s; interpreter start %.0f%n",
        phases(pyPhases, 1000),
        (python.seconds() - pyPhases.get("total").asDouble()) * 1000);
  }

  /** The backfill ratio over lakesync, Python, Python, lakesync: the sums of each side's runs. */
  private static void reportInterleaved(
      TimedProcess ls1, TimedProcess py1, TimedProcess py2, TimedProcess ls2, double target)
      throws Exception {
    double ls = ls1.seconds() + ls2.seconds();
    double py = py1.seconds() + py2.seconds();
    double lsInside = inside(ls1) + inside(ls2);
    double pyInside = pythonInside(py1) + pythonInside(py2);
    System.out.printf(
        Locale.ROOT,
        "    backfill, interleaved (lakesync %.1f s, python %.1f s, python %.1f s, lakesync %.1f"
            + " s):%n      ratio %.2f with start-up (target ≤ %.1f); %.2f without (%.1f s ÷ %.1f"
            + " s)%n",
        ls1.seconds(),
        py1.seconds(),
        py2.seconds(),
        ls2.seconds(),
        ls / py,
        target,
        lsInside / pyInside,
        lsInside,
        pyInside);
  }

  /** lakesync's publish time (check … cleanup), from its status record. */
  private static double inside(TimedProcess lakesync) throws Exception {
    return JSON.readTree(lakesync.lastLine()).get("duration_ms").asDouble() / 1000;
  }

  /** The script's time without its imports and its model and client set-up. */
  private static double pythonInside(TimedProcess python) throws Exception {
    JsonNode phases = JSON.readTree(python.lastLine()).get("phases_s");
    return phases.get("total").asDouble()
        - phases.get("import").asDouble()
        - phases.get("model and clients").asDouble();
  }

  private static void startup(double version, double noop, JsonNode probe) {
    System.out.printf(
        Locale.ROOT,
        "    lakesync fixed start-up (median of %d): `sync` with nothing to do %.2f s,"
            + " `version` %.2f s%n      fresh JVM, first use of each (ms): %s%n",
        STARTUP_ROUNDS,
        noop,
        version,
        phases(probe, 1));
  }

  private static String phases(JsonNode node, double scale) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      parts.add(
          e.getKey() + " " + String.format(Locale.ROOT, "%.0f", e.getValue().asDouble() * scale));
    }
    return String.join(", ", parts);
  }

  private TimedProcess lakesync(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("bin/lakesync").toString()));
    command.addAll(Arrays.asList(args));
    return TimedProcess.run(root, env, command);
  }

  private TimedProcess python(CorpusRepository repo, LakeFsSettings settings) throws Exception {
    return TimedProcess.run(
        root,
        env,
        List.of(
            python,
            root.resolve("bench/pipeline/pipeline.py").toString(),
            "--endpoint",
            settings.endpoint().toString().replaceAll("/+$", ""),
            "--access-key",
            settings.accessKeyId(),
            "--secret-key",
            settings.secretAccessKey().reveal(),
            "--repo",
            repo.name(),
            "--branch",
            "main",
            "--prefix",
            CorpusRepository.PREFIX,
            "--model",
            model.onnx().toString(),
            "--tokenizer",
            model.tokenizer().toString(),
            "--table",
            "tables/docs-python"));
  }

  /** {@link StartupProbe} in a fresh JVM started with bin/lakesync's flags. */
  private TimedProcess startupProbe(Path config) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-DDJL_CACHE_DIR=" + cache.resolve("djl")));
    String classPath = "target/test-classes:target/lakesync.jar";
    // The native libraries bin/lakesync unpacked into its cache, used as bin/lakesync uses them.
    Path nativeLibs = cache.resolve("native");
    if (Files.isDirectory(nativeLibs)) {
      try (var dirs = Files.list(nativeLibs)) {
        for (Path dir : dirs.filter(d -> Files.exists(d.resolve(".complete"))).toList()) {
          command.add("-Donnxruntime.native.path=" + dir.resolve("onnxruntime"));
          classPath = dir.resolve("lance") + ":" + classPath;
        }
      }
    }
    command.addAll(
        List.of(
            "-cp",
            classPath,
            StartupProbe.class.getName(),
            config.toString(),
            "docs",
            cache.resolve("models").toString()));
    return TimedProcess.run(root, env, command);
  }

  private interface Timed {
    double seconds() throws Exception;
  }

  private static double median(int rounds, Timed timed) throws Exception {
    double[] times = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      times[i] = timed.seconds();
    }
    Arrays.sort(times);
    return times[rounds / 2];
  }

  private static String require(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          variable + " is not set: run this through bench/run pipeline");
    }
    return value;
  }
}

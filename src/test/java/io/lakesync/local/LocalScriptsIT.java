package io.lakesync.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.testing.LakeFsSdk;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.ShellExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts a user runs by hand keep their promises, on the real servers they start. */
class LocalScriptsIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Test
  void lakeFsStartIsIdempotentRecoversFromAStalePidAndStopsOnlyItsOwnProcess(@TempDir Path home)
      throws Exception {
    Map<String, String> env = Map.of("LAKEFS_HOME", home.toString());
    Map<String, String> exports = exports(script("lakefs-local", "start", env).stdout());
    long firstPid = pid(home.resolve("lakefs.pid"));
    assertThat(exports).containsKeys("LAKEFS_ENDPOINT", "LAKEFS_ACCESS_KEY_ID");
    assertThat(exports.get("LAKEFS_ACCESS_KEY_ID")).hasSize(20);
    assertThat(exports.get("LAKEFS_SECRET_ACCESS_KEY")).hasSizeGreaterThanOrEqualTo(32);
    assertReachable(exports);

    // Starting again changes nothing and prints the same settings.
    assertThat(exports(script("lakefs-local", "start", env).stdout())).isEqualTo(exports);
    assertThat(pid(home.resolve("lakefs.pid"))).isEqualTo(firstPid);

    // A crash leaves a stale PID file: status says so, start recovers with the same keys.
    ProcessHandle server = ProcessHandle.of(firstPid).orElseThrow();
    server.destroyForcibly();
    server.onExit().get(30, TimeUnit.SECONDS);
    assertThat(script("lakefs-local", "status", env).exitCode()).isEqualTo(1);
    assertThat(exports(script("lakefs-local", "start", env).stdout())).isEqualTo(exports);
    assertReachable(exports);
    assertThat(script("lakefs-local", "stop", env).exitCode()).isZero();
    assertThat(script("lakefs-local", "status", env).exitCode()).isEqualTo(1);

    // A PID file naming someone else's process (a recycled PID) is never acted on.
    Process stranger = new ProcessBuilder("sleep", "120").start();
    try {
      Files.writeString(home.resolve("lakefs.pid"), stranger.pid() + "\n");
      assertThat(script("lakefs-local", "stop", env).stderr()).contains("not running");
      assertThat(stranger.isAlive()).isTrue();
      assertReachable(exports(script("lakefs-local", "start", env).stdout()));
      script("lakefs-local", "stop", env);
      assertThat(stranger.isAlive()).isTrue();
    } finally {
      stranger.destroyForcibly();
    }
  }

  @Test
  void kafkaLocalRunsARealBrokerAndStopsIt(@TempDir Path home) throws Exception {
    Map<String, String> env = Map.of("KAFKA_LOCAL_HOME", home.toString());
    Map<String, String> exports = exports(script("kafka-local", "start", env).stdout());
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                exports.get("KAFKA_BOOTSTRAP_SERVERS")))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
    assertThat(script("kafka-local", "status", env).exitCode()).isZero();
    assertThat(script("kafka-local", "stop", env).exitCode()).isZero();
    assertThat(script("kafka-local", "status", env).exitCode()).isEqualTo(1);
  }

  @Test
  void demoSyncsTheSampleRepositoryEndToEndAndStopsWhatItStarted(@TempDir Path home)
      throws Exception {
    Map<String, String> env = Map.of("LAKESYNC_DEMO_HOME", home.toString(), "DEMO_EXIT", "1");
    Processes.Result demo = script("demo", null, env);
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    assertThat(demo.stdout())
        .contains("demo: merged into main")
        .contains("demo: the pre-merge quality gate's report")
        .containsPattern("lakesync quality gate: table docs at [0-9a-f]{64}: PASSED")
        .contains("stock Python lancedb")
        .contains("docs/demo-note.md#0")
        .contains("docs/faq/passwords.md#0")
        .contains(
            "demo: vector search (cosine), nearest to docs/demo-note.md#0:\n  0.000  docs/demo-note.md#0")
        // Images: labels and OCR on their rows, and a text query that finds the cat photo.
        .contains("demo: 4 images, each with its labels and OCR text:")
        .containsPattern("images/invoice.png#0 .*OCR 'INVOICE No. 4711")
        .containsPattern(
            "demo: lakesync search \"a cat\"[^\n]*\n(?:  [^\n]*\n)*?  .*images/chelsea.png")
        .contains("lakesync is running");
    Map<String, String> lakefsEnv = Map.of("LAKEFS_HOME", home.resolve("lakefs").toString());
    Map<String, String> kafkaEnv = Map.of("KAFKA_LOCAL_HOME", home.resolve("kafka").toString());
    assertThat(script("lakefs-local", "status", lakefsEnv).exitCode()).isEqualTo(1);
    assertThat(script("kafka-local", "status", kafkaEnv).exitCode()).isEqualTo(1);

    Map<String, String> exports = exports(script("lakefs-local", "start", lakefsEnv).stdout());
    try {
      LakeFsSdk api = LakeFsSdk.connect(settings(exports));
      List<String> paths =
          api
              .objects()
              .listObjects("sample", "main")
              .prefix("docs/")
              .execute()
              .getResults()
              .stream()
              .map(o -> o.getPath())
              .toList();
      assertThat(paths)
          .contains("docs/guides/getting-started.md", "docs/faq/passwords.md", "docs/demo-note.md")
          .hasSize(6);
    } finally {
      script("lakefs-local", "stop", lakefsEnv);
    }
  }

  @Test
  void lakesyncVersionRunsFromTheEntryPoint() {
    Processes.Result version = script("lakesync", "version", Map.of());
    assertThat(version.exitCode()).as(version.stderr()).isZero();
    assertThat(version.stdout()).startsWith("lakesync ").contains("lance-core      7.0.0");
    assertThat(script("lakesync", "no-such-command", Map.of()).exitCode()).isEqualTo(2);
  }

  /**
   * bin/lakesync unpacks Lance's and ONNX Runtime's native libraries once into its cache (Lance's
   * loader would otherwise inflate 181 MB out of its jar at every start), and a second run reuses
   * them. The syncs of StagingBranchesIT and SyncCrashIT run through bin/lakesync and load them.
   */
  @Test
  void lakesyncUnpacksItsNativeLibrariesOnceIntoItsCache(@TempDir Path cache) throws Exception {
    Map<String, String> env = Map.of("LAKESYNC_CACHE", cache.toString());
    assertThat(script("lakesync", "version", env).exitCode()).isZero();
    if (!System.getProperty("os.name").equals("Linux")
        || !List.of("amd64", "aarch64").contains(System.getProperty("os.arch"))) {
      // Elsewhere the script unpacks nothing and the libraries load as their jars ship them.
      assertThat(cache.resolve("native")).doesNotExist();
      return;
    }
    List<Path> unpacked;
    try (var dirs = Files.list(cache.resolve("native"))) {
      unpacked = dirs.toList();
    }
    assertThat(unpacked).hasSize(1);
    Path dir = unpacked.get(0);
    assertThat(dir.resolve(".complete")).exists();
    try (var files = Files.walk(dir.resolve("lance"))) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("liblance_jni.so");
    }
    assertThat(dir.resolve("onnxruntime/libonnxruntime.so")).exists();
    var unpackedAt = Files.getLastModifiedTime(dir);

    assertThat(script("lakesync", "version", env).exitCode()).isZero();
    assertThat(Files.getLastModifiedTime(dir)).isEqualTo(unpackedAt);
  }

  private static void assertReachable(Map<String, String> exports) throws Exception {
    LakeFsSdk api = LakeFsSdk.connect(settings(exports));
    assertThat(api.repositories().listRepositories().execute().getResults()).isNotNull();
  }

  private static LakeFsSettings settings(Map<String, String> exports) {
    return LakeFsSettings.fromEnvironment(Environment.of(exports));
  }

  private static Processes.Result script(String name, String verb, Map<String, String> env) {
    List<String> command =
        verb == null
            ? List.of(ProjectDir.get().resolve("bin/" + name).toString())
            : List.of(ProjectDir.get().resolve("bin/" + name).toString(), verb);
    return Processes.run(command, ProjectDir.get(), new HashMap<>(env), null, TIMEOUT);
  }

  private static Map<String, String> exports(String stdout) {
    return ShellExports.parse(stdout);
  }

  private static long pid(Path pidFile) throws Exception {
    return Long.parseLong(Files.readString(pidFile).strip());
  }
}

package io.lakesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.publish.RebuildReferenceAccess;
import io.lakesync.testing.Await;
import io.lakesync.testing.FreePorts;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The container round trip, against whichever lakeFS and Kafka a test gives it (the suite's local
 * processes, or containers): {@code init} and {@code serve} run from the image as the rendered
 * manifests run the pod; the probes answer; a commit made in lakeFS reaches the containerised
 * service through lakeFS's webhook and comes back merged; the process runs as the manifests' user
 * and wrote only to its volumes; {@code docker stop} ends it with exit code 0 within the grace
 * period.
 */
final class PodRoundTrip {
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What a round trip measured. */
  record Result(
      Duration ready,
      Duration commitToMerged,
      long exitCode,
      Duration stopTook,
      List<String> written) {
    @Override
    public String toString() {
      return String.format(
          "ready %.1f s after start; commit -> merged %.1f s; docker stop -> exit %d in %.1f s;"
              + " wrote %d files in its volumes",
          ready.toMillis() / 1e3,
          commitToMerged.toMillis() / 1e3,
          exitCode,
          stopTook.toMillis() / 1e3,
          written.size());
    }
  }

  private PodRoundTrip() {}

  /** A fresh directory under target/ that the container's user can reach. */
  static Path workDir() throws Exception {
    Path dir = Files.createTempDirectory(ProjectDir.buildDir(), "it-container-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static Result run(
      String image,
      LakeFsTestRepository repo,
      String bootstrapServers,
      BufferAllocator allocator,
      Path dir)
      throws Exception {
    PodManifest pod = PodManifest.render();
    int port = FreePorts.next();
    String config = config(pod, repo, port);
    Map<String, String> env =
        Map.of(
            "LAKEFS_ENDPOINT", repo.settings().endpoint().toString(),
            "LAKEFS_ACCESS_KEY_ID", repo.settings().accessKeyId(),
            "LAKEFS_SECRET_ACCESS_KEY", repo.settings().secretAccessKey().reveal(),
            "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
            "LAKESYNC_WEBHOOK_SECRET", LakeFsServer.WEBHOOK_SECRET);

    repo.put("main", "docs/guide.md", "# Guide\n\nSnapshots are kept for thirty-five days.");
    // A scanned invoice: the image's Tesseract reads its text (images.ocr: auto in the sample).
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key("main/images/invoice.png"),
            RequestBody.fromFile(
                ProjectDir.get().resolve("config/sample-repository/images/invoice.png")));
    repo.commit("main", "seed", Map.of());

    // init from the same image first, as a one-off container with the configuration read-only.
    Docker.run(initArgs(image, pod, config, env, port, dir));
    String afterInit = repo.head("main");

    long start = System.nanoTime();
    try (PodContainer serve = PodContainer.start(image, pod, config, env, dir)) {
      for (Probe probe :
          List.of(
              pod.container().getStartupProbe(),
              pod.container().getLivenessProbe(),
              pod.container().getReadinessProbe())) {
        awaitOk(port, probe.getHttpGet(), serve);
      }
      Duration ready = Duration.ofNanos(System.nanoTime() - start);
      // Reconciliation at start finds the table missing and syncs the branch head.
      RebuildReferenceAccess.awaitSyncedTo(repo, allocator, afterInit, WAIT);

      repo.put("main", "docs/late.md", "Billing runs on the first business day of each month.");
      long committed = System.nanoTime();
      String late = repo.commit("main", "late", Map.of()).getId();
      RebuildReferenceAccess.awaitSyncedTo(repo, allocator, late, WAIT);
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - committed);

      String status = new String(Files.readAllBytes(serve.hostProc().resolve("status")));
      assertThat(status)
          .as("the process's ids")
          .containsPattern("(?m)^Uid:\\s+" + pod.podSecurity().getRunAsUser() + "\\s")
          .containsPattern("(?m)^Gid:\\s+" + pod.podSecurity().getRunAsGroup() + "\\s");
      assertThat(serve.rootFilesystemChanges()).as("changes outside the volumes").isEmpty();
      assertThat(serve.logs()).doesNotContain("OCR off");

      PodContainer.Stopped stopped = serve.stop(pod.terminationGrace());
      assertThat(stopped.exitCode()).as(serve.logs()).isZero();
      assertThat(stopped.took()).isLessThan(pod.terminationGrace());
      assertThat(serve.logs()).contains("lakesync serve: stopped");

      // DJL's tokenizer library and the models sit in the cache, Lance's library copy in /tmp.
      // (Streams leaves nothing on the state volume: the topology has no state stores.)
      List<String> written = serve.filesWritten();
      assertThat(written)
          .anyMatch(f -> f.startsWith("/tmp/"))
          .anyMatch(f -> f.startsWith("/var/cache/lakesync/"))
          .filteredOn(f -> f.startsWith("/etc/lakesync/"))
          .containsExactly("/etc/lakesync/lakesync.yaml");
      System.err.println("lakesync: the container wrote " + written);
      return new Result(ready, roundTrip, stopped.exitCode(), stopped.took(), written);
    }
  }

  /**
   * The rendered ConfigMap's configuration with the test's table, topics named for this run, and a
   * free port on the loopback (host networking); everything else as deployed, including the state
   * directory, which must lie on one of the pod's writable volumes.
   */
  private static String config(PodManifest pod, LakeFsTestRepository repo, int port)
      throws Exception {
    ObjectNode root = (ObjectNode) PodManifest.YAML.readTree(pod.configFile());
    ObjectNode service = (ObjectNode) root.get("service");
    assertThat(service.get("http_port").asInt())
        .as("the ConfigMap's port is the probes' port")
        .isEqualTo(pod.httpPort());
    String app = "container-it-" + UUID.randomUUID().toString().substring(0, 8);
    service.put("application_id", app);
    service.put("input_topic", app + ".events");
    service.put("status_topic", app + ".status");
    service.put("partitions", 2);
    service.put("http_port", port);
    service.put("bind_address", "127.0.0.1");
    ArrayNode tables = (ArrayNode) root.get("tables");
    ObjectNode table = (ObjectNode) tables.get(0);
    table.put("repository", repo.name());
    ArrayNode include = table.putArray("include");
    include.add("docs/**");
    include.add("images/**");
    tables.removeAll();
    tables.add(table);
    String yaml = PodManifest.YAML.writeValueAsString(root);
    String stateDir = LakesyncConfig.parse(yaml).service().stateDir().toString();
    assertThat(pod.volumeMounts())
        .as("a writable volume holds the state directory " + stateDir)
        .anyMatch(
            m ->
                !Boolean.TRUE.equals(m.getReadOnly())
                    && stateDir.startsWith(m.getMountPath() + "/"));
    return yaml;
  }

  private static List<String> initArgs(
      String image, PodManifest pod, String config, Map<String, String> env, int port, Path dir)
      throws java.io.IOException {
    Path configDir = Files.createDirectories(dir.resolve("init-config"));
    Files.writeString(configDir.resolve("lakesync.yaml"), config);
    String configFile = pod.args().get(pod.args().indexOf("--config") + 1);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--network",
                "host",
                "--user",
                pod.user(),
                "--read-only",
                "--tmpfs",
                "/tmp",
                "-v",
                configDir + ":" + Path.of(configFile).getParent() + ":ro"));
    env.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    args.addAll(
        List.of(image, "init", "--config", configFile, "--bridge-url", "http://127.0.0.1:" + port));
    return args;
  }

  private static void awaitOk(int port, HTTPGetAction probe, PodContainer serve) {
    URI uri = URI.create("http://127.0.0.1:" + port + probe.getPath());
    Await.until(
        WAIT,
        () -> {
          try {
            return HTTP.send(
                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (java.io.IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        () -> uri + " never answered 200; logs:\n" + serve.logs());
  }
}

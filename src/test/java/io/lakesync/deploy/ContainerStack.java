package io.lakesync.deploy;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.service.LakeFsActions;
import io.lakesync.testing.Await;
import io.lakesync.testing.FreePorts;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Uuid;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * lakeFS and a Kafka broker as containers, built locally with Testcontainers from the same lakeFS
 * binary and Kafka jars the local scripts use, on the Debian base images {@code
 * bin/container-image} makes (no registry is reachable). Both on host networking, on free loopback
 * ports.
 */
final class ContainerStack implements AutoCloseable {
  private static final Duration START = Duration.ofMinutes(3);
  private static final String CACHE =
      System.getenv()
          .getOrDefault("LAKESYNC_CACHE", System.getProperty("user.home") + "/.cache/lakesync");

  private final GenericContainer<?> lakeFs;
  private final GenericContainer<?> kafka;
  private final LakeFsSettings settings;
  private final String bootstrapServers;

  private ContainerStack(
      GenericContainer<?> lakeFs,
      GenericContainer<?> kafka,
      LakeFsSettings settings,
      String bootstrapServers) {
    this.lakeFs = lakeFs;
    this.kafka = kafka;
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
  }

  static ContainerStack start(Path dir) throws Exception {
    GenericContainer<?> lakeFs = null;
    try {
      int lakeFsPort = FreePorts.next();
      String keyId = "AKIAIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
      String secret = UUID.randomUUID().toString();
      lakeFs = lakeFs(dir, lakeFsPort, keyId, secret);
      lakeFs.start();
      awaitHealthy(lakeFsPort, lakeFs);
      LakeFsSettings settings =
          LakeFsSettings.fromEnvironment(
              Environment.of(
                  Map.of(
                      "LAKEFS_ENDPOINT", "http://127.0.0.1:" + lakeFsPort,
                      "LAKEFS_ACCESS_KEY_ID", keyId,
                      "LAKEFS_SECRET_ACCESS_KEY", secret)));
      int kafkaPort = FreePorts.next();
      GenericContainer<?> kafka = kafka(dir, kafkaPort);
      kafka.start();
      return new ContainerStack(lakeFs, kafka, settings, "127.0.0.1:" + kafkaPort);
    } catch (Exception | Error e) {
      if (lakeFs != null) {
        lakeFs.stop();
      }
      throw e;
    }
  }

  LakeFsSettings lakeFs() {
    return settings;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  private static GenericContainer<?> lakeFs(Path dir, int port, String keyId, String secret)
      throws Exception {
    Processes.Result install =
        Processes.run(
            List.of(ProjectDir.get().resolve("bin/lakefs-local").toString(), "install"),
            ProjectDir.get(),
            Map.of(),
            null,
            Duration.ofMinutes(15));
    Path binary = Path.of(System.getenv().getOrDefault("LAKEFS_BIN", CACHE + "/lakefs-v1.84.0"));
    if (install.exitCode() != 0 || !Files.isExecutable(binary)) {
      throw new IllegalStateException("no lakeFS binary at " + binary + ": " + install.stderr());
    }
    Path etc = Files.createDirectories(dir.resolve("lakefs-etc"));
    Files.writeString(
        etc.resolve("config.yaml"),
        String.join(
            "\n",
            "listen_address: \"127.0.0.1:" + port + "\"",
            "logging: {format: text, level: WARN}",
            "database: {type: local, local: {path: /var/lib/lakefs/metadata}}",
            "blockstore: {type: local, local: {path: /var/lib/lakefs/data}}",
            "committed: {local_cache: {dir: /var/lib/lakefs/cache}}",
            "auth: {encrypt: {secret_key: \"" + secret + "\"}}",
            "installation: {user_name: admin, access_key_id: \""
                + keyId
                + "\", secret_access_key: \""
                + secret
                + "\"}",
            "stats: {enabled: false}",
            "security: {check_latest_version: false}",
            "email_subscription: {enabled: false}",
            "actions: {enabled: true, env: {enabled: true, prefix: LAKEFSACTION_}}",
            ""));
    String image = "lakesync-it/lakefs:v1.84.0";
    Docker.build(
        image,
        String.join(
            "\n",
            "FROM lakesync-base/debian:bookworm",
            "COPY lakefs /usr/local/bin/lakefs",
            "RUN mkdir -p /var/lib/lakefs && chown 65534:65534 /var/lib/lakefs",
            "USER 65534:65534",
            "ENTRYPOINT [\"/usr/local/bin/lakefs\", \"run\", \"-c\", \"/etc/lakefs/config.yaml\"]",
            ""),
        Map.of("lakefs", binary),
        ProjectDir.buildDir().resolve("it-images/lakefs"));
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("host")
        .withFileSystemBind(etc.toString(), "/etc/lakefs", BindMode.READ_ONLY)
        // lakeFS hands LAKEFSACTION_* variables to the actions: the webhook bridge's secret.
        .withEnv(LakeFsActions.SECRET_ENV, LakeFsServer.WEBHOOK_SECRET)
        .withLogConsumer(new ToStringConsumer())
        .withStartupTimeout(START);
  }

  private static GenericContainer<?> kafka(Path dir, int port) throws Exception {
    Path etc = Files.createDirectories(dir.resolve("kafka-etc"));
    int controller = FreePorts.next();
    Files.writeString(
        etc.resolve("server.properties"),
        Files.readString(ProjectDir.get().resolve("bin/lib/kafka-single-node.properties"))
            + "\nlisteners=PLAINTEXT://127.0.0.1:"
            + port
            + ",CONTROLLER://127.0.0.1:"
            + controller
            + "\nadvertised.listeners=PLAINTEXT://127.0.0.1:"
            + port
            + "\ncontroller.quorum.bootstrap.servers=127.0.0.1:"
            + controller
            + "\nlog.dirs=/var/lib/kafka/logs\n");
    Path start = Files.writeString(dir.resolve("kafka-start"), START_SCRIPT);
    Map<String, Path> files = new HashMap<>();
    files.put("kafka-log4j2.xml", ProjectDir.get().resolve("bin/lib/kafka-log4j2.xml"));
    files.put("start", start);
    for (String jar : kafkaClasspath()) {
      Path path = Path.of(jar);
      files.put("libs/" + path.getFileName(), path);
    }
    String image = "lakesync-it/kafka:4.4.0";
    Docker.build(
        image,
        String.join(
            "\n",
            "FROM lakesync-base/jre:17-bookworm",
            "COPY libs/ /opt/kafka/libs/",
            "COPY kafka-log4j2.xml /opt/kafka/",
            "COPY start /opt/kafka/start",
            "RUN chmod 755 /opt/kafka/start && mkdir -p /var/lib/kafka",
            "ENTRYPOINT [\"/opt/kafka/start\"]",
            ""),
        files,
        ProjectDir.buildDir().resolve("it-images/kafka"));
    return new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("host")
        .withFileSystemBind(etc.toString(), "/etc/kafka", BindMode.READ_ONLY)
        .withEnv("CLUSTER_ID", Uuid.randomUuid().toString())
        .waitingFor(Wait.forLogMessage(".*Kafka Server started.*\\n", 1))
        .withStartupTimeout(START);
  }

  private static final String START_SCRIPT =
      "#!/bin/sh\n"
          + "# Formats the log directory once (KRaft, standalone), then runs the broker.\n"
          + "set -e\n"
          + "cp='/opt/kafka/libs/*'\n"
          + "java -cp \"$cp\" kafka.tools.StorageTool format --standalone -t \"$CLUSTER_ID\""
          + " -c /etc/kafka/server.properties\n"
          + "exec java -Xms256m -Xmx512m -Dlog4j2.configurationFile=/opt/kafka/kafka-log4j2.xml"
          + " -cp \"$cp\" kafka.Kafka /etc/kafka/server.properties\n";

  /** The broker's jars as bin/kafka-local resolves them (cached by the hash of its pom). */
  private static List<String> kafkaClasspath() throws Exception {
    Path pom = ProjectDir.get().resolve("bin/lib/kafka-broker.pom.xml");
    String hash =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(pom)))
            .substring(0, 12);
    Path file = Path.of(CACHE, "kafka-broker-" + hash + ".classpath");
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      List<String> command =
          List.of(
              ProjectDir.get().resolve("mvnw").toString(),
              "-q",
              "-B",
              "-f",
              pom.toString(),
              "dependency:build-classpath",
              "-Dmdep.outputFile=" + file);
      Processes.run(command, ProjectDir.get(), Map.of(), null, Duration.ofMinutes(10))
          .requireSuccess(command);
    }
    return List.of(Files.readString(file).strip().split(":"));
  }

  private static void awaitHealthy(int port, GenericContainer<?> lakeFs) {
    HttpClient http = HttpClient.newHttpClient();
    URI health = URI.create("http://127.0.0.1:" + port + "/_health");
    Await.until(
        START,
        () -> {
          try {
            return http.send(
                        HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (java.io.IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        () -> "lakeFS in its container never became healthy:\n" + lakeFs.getLogs());
  }

  @Override
  public void close() {
    kafka.stop();
    lakeFs.stop();
  }
}

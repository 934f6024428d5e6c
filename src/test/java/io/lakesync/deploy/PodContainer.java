package io.lakesync.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * lakesync's image run the way the rendered StatefulSet runs its pod: its user and group, a
 * read-only root filesystem, all capabilities dropped, no privilege escalation, its memory limit,
 * its arguments, its environment, and each of its volume mounts as a host directory (the config
 * volume read-only, holding the configuration; the others owned by the pod's fsGroup, as Kubernetes
 * prepares them). One difference, because these machines only have host networking: the HTTP port
 * is a free one instead of the manifest's, set in the configuration.
 */
final class PodContainer implements AutoCloseable {
  private final GenericContainer<?> container;
  private final Map<String, Path> volumes;
  private final ToStringConsumer logs = new ToStringConsumer();

  private PodContainer(GenericContainer<?> container, Map<String, Path> volumes) {
    this.container = container;
    this.volumes = volumes;
  }

  /**
   * Starts the image as {@code pod} says, with {@code config} as the file the config volume holds
   * and {@code env} as the values of the variables the manifests take from their ConfigMap and
   * Secret (every one of them must be given).
   */
  static PodContainer start(
      String image, PodManifest pod, String config, Map<String, String> env, Path dir)
      throws IOException {
    Map<String, String> values = new HashMap<>(env);
    if (!values.keySet().containsAll(pod.environmentKeys())) {
      throw new IllegalArgumentException(
          "the manifests take " + pod.environmentKeys() + " from the environment; given " + env);
    }
    for (EnvVar var : pod.container().getEnv()) {
      values.put(var.getName(), podValue(var, values, pod));
    }
    Map<String, Path> volumes = new LinkedHashMap<>();
    List<Bind> binds = new ArrayList<>();
    for (VolumeMount mount : pod.volumeMounts()) {
      Path host = Files.createDirectories(dir.resolve("volume-" + mount.getName()));
      boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
      if (readOnly) {
        // The config volume: the ConfigMap's one key as a file, as Kubernetes projects it.
        Files.writeString(host.resolve("lakesync.yaml"), config);
      } else {
        ownByFsGroup(host, pod.podSecurity().getFsGroup());
      }
      volumes.put(mount.getMountPath(), host);
      binds.add(
          new Bind(
              host.toString(),
              new Volume(mount.getMountPath()),
              readOnly ? AccessMode.ro : AccessMode.rw));
    }
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetworkMode("host")
            .withEnv(values)
            .withCommand(pod.args().toArray(String[]::new))
            .waitingFor(Wait.forLogMessage(".*lakesync serve: .*\\n", 1))
            .withStartupTimeout(Duration.ofMinutes(3))
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withUser(pod.user());
                  cmd.getHostConfig()
                      .withBinds(binds)
                      .withReadonlyRootfs(
                          Boolean.TRUE.equals(pod.containerSecurity().getReadOnlyRootFilesystem()))
                      .withCapDrop(Capability.ALL)
                      .withSecurityOpts(
                          Boolean.FALSE.equals(
                                  pod.containerSecurity().getAllowPrivilegeEscalation())
                              ? List.of("no-new-privileges")
                              : List.of())
                      .withMemory(pod.memoryLimitBytes())
                      .withMemorySwap(pod.memoryLimitBytes());
                });
    PodContainer pc = new PodContainer(container, volumes);
    container.withLogConsumer(pc.logs);
    container.start();
    return pc;
  }

  /** The values Kubernetes gives the pod's own variables ({@code fieldRef}, {@code $(VAR)}). */
  private static String podValue(EnvVar var, Map<String, String> values, PodManifest pod) {
    if (var.getValueFrom() != null && var.getValueFrom().getResourceFieldRef() != null) {
      // e.g. requests.cpu with divisor 1: Kubernetes rounds up.
      var ref = var.getValueFrom().getResourceFieldRef();
      String[] side = ref.getResource().split("\\.", 2);
      var resources = pod.container().getResources();
      var quantities = side[0].equals("requests") ? resources.getRequests() : resources.getLimits();
      BigDecimal amount = Quantity.getAmountInBytes(quantities.get(side[1]));
      BigDecimal divisor =
          ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
      return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }
    if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
      String field = var.getValueFrom().getFieldRef().getFieldPath();
      if (field.equals("metadata.name")) {
        return "lakesync-0";
      }
      throw new IllegalArgumentException("no test value for the pod field " + field);
    }
    String value = var.getValue();
    for (var entry : values.entrySet()) {
      value = value.replace("$(" + entry.getKey() + ")", entry.getValue());
    }
    return value;
  }

  private static void ownByFsGroup(Path dir, Long fsGroup) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
    Files.setAttribute(dir, "unix:gid", fsGroup.intValue());
  }

  String id() {
    return container.getContainerId();
  }

  String logs() {
    return logs.toUtf8String();
  }

  /** The host directory behind the volume mounted at {@code mountPath}. */
  Path volume(String mountPath) {
    return volumes.get(mountPath);
  }

  Map<String, Path> volumes() {
    return volumes;
  }

  /** The container's main process as the host sees it: {@code /proc/<pid>}. */
  Path hostProc() {
    return Path.of(
        "/proc", Long.toString(docker().inspectContainerCmd(id()).exec().getState().getPidLong()));
  }

  /** What the container changed in its own filesystem, outside its volumes. */
  List<String> rootFilesystemChanges() {
    var changes = docker().containerDiffCmd(id()).exec();
    return changes == null ? List.of() : changes.stream().map(c -> c.getPath()).toList();
  }

  /**
   * {@code docker stop} with the pod's grace period (SIGTERM, SIGKILL at its end), as the kubelet
   * stops a pod. Returns the exit code and how long the stop took.
   */
  Stopped stop(Duration grace) {
    long start = System.nanoTime();
    docker().stopContainerCmd(id()).withTimeout((int) grace.toSeconds()).exec();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Stopped(
        docker().inspectContainerCmd(id()).exec().getState().getExitCodeLong(), took);
  }

  record Stopped(long exitCode, Duration took) {}

  /** Every file the container wrote to its volumes, as paths relative to each mount point. */
  List<String> filesWritten() throws IOException {
    List<String> files = new ArrayList<>();
    for (var entry : volumes.entrySet()) {
      try (Stream<Path> walk = Files.walk(entry.getValue())) {
        walk.filter(Files::isRegularFile)
            .map(p -> entry.getKey() + "/" + entry.getValue().relativize(p))
            .forEach(files::add);
      }
    }
    return files;
  }

  private static DockerClient docker() {
    return DockerClientFactory.instance().client();
  }

  @Override
  public void close() {
    container.stop();
  }
}

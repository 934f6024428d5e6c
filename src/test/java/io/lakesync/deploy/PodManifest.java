package io.lakesync.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the rendered Kubernetes manifests run lakesync's container: read from {@code
 * bin/kustomize-render k8s/overlays/example} (the real kustomize), so a test that runs the image
 * this way runs it exactly as the manifests say.
 */
record PodManifest(
    List<JsonNode> objects,
    StatefulSet statefulSet,
    Container container,
    String configFile,
    Set<String> environmentKeys) {
  static final String OVERLAY = "k8s/overlays/example";
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static PodManifest render() throws Exception {
    List<JsonNode> objects = renderObjects(OVERLAY);
    StatefulSet statefulSet = null;
    String configFile = null;
    Set<String> environmentKeys = new TreeSet<>();
    for (JsonNode object : objects) {
      switch (object.get("kind").asText()) {
        case "StatefulSet" -> statefulSet = YAML.treeToValue(object, StatefulSet.class);
        case "ConfigMap" -> {
          ConfigMap map = YAML.treeToValue(object, ConfigMap.class);
          if (map.getMetadata().getName().startsWith("lakesync-config")) {
            configFile = map.getData().get("lakesync.yaml");
          } else {
            environmentKeys.addAll(map.getData().keySet());
          }
        }
        case "Secret" ->
            environmentKeys.addAll(YAML.treeToValue(object, Secret.class).getData().keySet());
        default -> {}
      }
    }
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    return new PodManifest(objects, statefulSet, container, configFile, environmentKeys);
  }

  static List<JsonNode> renderObjects(String kustomization) throws Exception {
    List<String> command =
        List.of(ProjectDir.get().resolve("bin/kustomize-render").toString(), kustomization);
    String yaml =
        Processes.run(command, ProjectDir.get(), Map.of(), null, Duration.ofMinutes(5))
            .requireSuccess(command)
            .stdout();
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
    }
    return objects;
  }

  PodSecurityContext podSecurity() {
    return statefulSet.getSpec().getTemplate().getSpec().getSecurityContext();
  }

  SecurityContext containerSecurity() {
    return container.getSecurityContext();
  }

  /** {@code runAsUser:runAsGroup}, as {@code docker run --user} takes it. */
  String user() {
    return podSecurity().getRunAsUser() + ":" + podSecurity().getRunAsGroup();
  }

  List<VolumeMount> volumeMounts() {
    return container.getVolumeMounts();
  }

  List<String> args() {
    return container.getArgs();
  }

  Duration terminationGrace() {
    return Duration.ofSeconds(
        statefulSet.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
  }

  long memoryLimitBytes() {
    return Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"))
        .longValueExact();
  }

  /** The port number behind the probes' and the Service's named port {@code http}. */
  int httpPort() {
    return container.getPorts().stream()
        .filter(p -> "http".equals(p.getName()))
        .findFirst()
        .orElseThrow()
        .getContainerPort();
  }
}

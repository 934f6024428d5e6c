package io.lakesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.Readiness;
import io.lakesync.service.SyncService;
import io.lakesync.testing.ProjectDir;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment files agree with the application and with Kubernetes: the kustomization renders
 * (with the real kustomize), every rendered object deserializes into fabric8's Kubernetes models
 * with no unknown field, the probes, ports, user and grace period match what the app does, and
 * everything the Dockerfile copies exists after {@code ./mvnw package}.
 */
class DeploymentFilesIT {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Map<String, Class<?>> MODELS =
      Map.of(
          "ServiceAccount", ServiceAccount.class,
          "ConfigMap", ConfigMap.class,
          "Secret", Secret.class,
          "Service", Service.class,
          "StatefulSet", StatefulSet.class,
          "PodDisruptionBudget", PodDisruptionBudget.class);

  @Test
  void theKustomizationRendersObjectsKubernetesKnowsWithTheAppsProbesAndPorts() throws Exception {
    List<JsonNode> objects = render("k8s/overlays/example");

    assertThat(objects)
        .extracting(o -> o.get("kind").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ConfigMap",
            "ConfigMap",
            "Secret",
            "Service",
            "StatefulSet",
            "PodDisruptionBudget",
            "PodMonitor");
    StatefulSet statefulSet = null;
    Service service = null;
    for (JsonNode object : objects) {
      String kind = object.get("kind").asText();
      if (kind.equals("PodMonitor")) {
        assertPodMonitor(object);
        continue;
      }
      Object model = YAML.treeToValue(object, MODELS.get(kind));
      assertThat(unknownFields(model)).as(kind + " has fields Kubernetes does not know").isEmpty();
      statefulSet = model instanceof StatefulSet s ? s : statefulSet;
      service = model instanceof Service s ? s : service;
    }

    int httpPort =
        LakesyncConfig.load(ProjectDir.get().resolve("k8s/base/lakesync.yaml"))
            .service()
            .httpPort();
    Container container = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(httpPort);
            });
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(Readiness.PATH);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(statefulSet.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(statefulSet.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(SyncService.DRAIN.toSeconds() + 15);
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("KAFKA_GROUP_INSTANCE_ID");
              assertThat(e.getValue()).isEqualTo("$(POD_NAME)");
            });
    // One embedding batch per requested core, read from this very container's request.
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo(DjlTextEmbedder.THREADS_ENV);
              assertThat(e.getValueFrom().getResourceFieldRef().getResource())
                  .isEqualTo("requests.cpu");
              assertThat(e.getValueFrom().getResourceFieldRef().getContainerName())
                  .isEqualTo(container.getName());
            });
    assertThat(container.getResources().getRequests()).containsKey("cpu");
    assertThat(statefulSet.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(Long.valueOf(dockerUser()));
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m ->
                assertThat(m.getMountPath())
                    .isEqualTo(
                        LakesyncConfig.load(ProjectDir.get().resolve("k8s/base/lakesync.yaml"))
                            .service()
                            .stateDir()
                            .getParent()
                            .toString()));
  }

  @Test
  void theValidatorFindsAMisspeltFieldDeepInAnObject() throws Exception {
    JsonNode typo =
        YAML.readTree(
            "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n"
                + "      terminationGracePeriod: 60\n      containers:\n"
                + "        - name: x\n          readinessProbe: {httpGet: {path: /, prot: 80}}\n");

    assertThat(unknownFields(YAML.treeToValue(typo, StatefulSet.class)))
        .containsExactlyInAnyOrder(
            "StatefulSet.Spec.Template.Spec.additionalProperties.terminationGracePeriod",
            "StatefulSet.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet"
                + ".additionalProperties.prot");
  }

  @Test
  void theConfigMapIsTheDocumentedSampleConfiguration() throws Exception {
    // kustomize only reads files below the kustomization, so the sample is copied there.
    assertThat(Files.readString(ProjectDir.get().resolve("k8s/base/lakesync.yaml")))
        .isEqualTo(Files.readString(ProjectDir.get().resolve("config/lakesync.yaml")));
  }

  @Test
  void everythingTheDockerfileCopiesExistsAfterPackage() throws Exception {
    String dockerfile = Files.readString(ProjectDir.get().resolve("Dockerfile"));
    // COPY without --from reads the build context: the checkout, and target/ after a package.
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(.+) (\\S+)$").matcher(dockerfile);
    List<String> checked = new ArrayList<>();
    while (copy.find()) {
      for (String source : copy.group(1).trim().split("\\s+")) {
        assertThat(ProjectDir.get().resolve(source)).as("COPY " + source).exists();
        checked.add(source);
      }
    }
    assertThat(checked).contains("target/lakesync.jar", "target/lib/", "config/lakesync.yaml");
    assertThat(ProjectDir.get().resolve("target/lib")).isNotEmptyDirectory();
    assertThat(dockerfile)
        .contains("\"-cp\", \"/opt/lakesync/native/lance:/opt/lakesync/lakesync.jar\"")
        .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
        .containsPattern("(?m)^ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy$")
        .containsPattern("(?m)^ARG BUILD_IMAGE=eclipse-temurin:17-jdk-jammy$");
  }

  private static void assertPodMonitor(JsonNode podMonitor) {
    assertThat(podMonitor.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    JsonNode endpoint = podMonitor.at("/spec/podMetricsEndpoints/0");
    assertThat(endpoint.get("port").asText()).isEqualTo("http");
    assertThat(endpoint.get("path").asText()).isEqualTo("/metrics");
    assertThat(podMonitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
        .isEqualTo("lakesync");
  }

  private static List<JsonNode> render(String kustomization) throws Exception {
    return PodManifest.renderObjects(kustomization);
  }

  private static String dockerUser() throws Exception {
    Matcher user =
        Pattern.compile("(?m)^USER (\\d+)")
            .matcher(Files.readString(ProjectDir.get().resolve("Dockerfile")));
    assertThat(user.find()).isTrue();
    return user.group(1);
  }

  /**
   * Paths of fields fabric8 did not recognise: its models keep them in {@code additionalProperties}
   * instead of failing, so they are collected from the whole object graph.
   */
  static List<String> unknownFields(Object model) throws Exception {
    List<String> unknown = new ArrayList<>();
    collect(model, model.getClass().getSimpleName(), unknown, new IdentityHashMap<>());
    return unknown;
  }

  private static void collect(
      Object node, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
    if (node == null || seen.put(node, true) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collect(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        collect(entry.getValue(), path + "." + entry.getKey(), unknown, seen);
      }
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        Map<?, ?> extra = (Map<?, ?>) getter.invoke(node);
        if (extra != null) {
          extra.keySet().forEach(k -> unknown.add(path + ".additionalProperties." + k));
        }
      } else if (!Set.of("getClass").contains(getter.getName())) {
        collect(getter.invoke(node), path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }
}

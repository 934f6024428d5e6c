package io.lakesync.testing;

import java.nio.file.Path;

/**
 * The {@code service:} section of a test configuration: topics and consumer group named after a
 * fresh application id, so tests sharing one broker never see each other's events.
 */
public final class ServiceYaml {
  private ServiceYaml() {}

  public static String section(
      String applicationId, int partitions, int httpPort, int reconcileSeconds, Path stateDir) {
    return "service: {application_id: "
        + applicationId
        + ", input_topic: "
        + applicationId
        + ".events, status_topic: "
        + applicationId
        + ".status, partitions: "
        + partitions
        + ", http_port: "
        + httpPort
        + ", reconcile_seconds: "
        + reconcileSeconds
        + ", state_dir: "
        + stateDir.toAbsolutePath()
        + "}\n";
  }
}

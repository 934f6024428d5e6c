package io.lakesync.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Decides {@link RequiresDocker}: asks Testcontainers whether a Docker engine answers. */
public final class DockerCondition implements ExecutionCondition {
  static final String REQUIRE = "LAKESYNC_REQUIRE_DOCKER";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("a Docker engine answers");
    }
    String reason =
        "no Docker engine answers, so the container tests are skipped"
            + " (bin/container-image engine installs and starts one; needs root)";
    if ("1".equals(System.getenv(REQUIRE))) {
      throw new IllegalStateException(REQUIRE + "=1 but " + reason);
    }
    System.err.println("lakesync: " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}

package io.lakesync.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link LakesyncImage}: the project's container image, built once per test run by {@code
 * bin/container-image} from the jar and lib/ this build just packaged (the base images it makes
 * from Debian's packages are reused when they exist), so the image under test is this commit's.
 */
public final class LakesyncImage implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LakesyncImage.class);
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

  /** The tag the tests build and run: not {@code lakesync:latest}, which is the user's. */
  public static final String NAME = "lakesync:it";

  /** A built image. */
  public record Image(String name) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Image.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Image.class, k -> build(), Image.class);
  }

  private static Image build() {
    long start = System.nanoTime();
    script("bases");
    script("build");
    System.err.printf(
        "lakesync: image %s ready in %d s%n", NAME, (System.nanoTime() - start) / 1_000_000_000L);
    return new Image(NAME);
  }

  private static void script(String verb) {
    List<String> command =
        List.of(ProjectDir.get().resolve("bin/container-image").toString(), verb);
    Processes.Result result =
        Processes.run(
                command, ProjectDir.get(), Map.of("LAKESYNC_IMAGE", NAME), null, BUILD_TIMEOUT)
            .requireSuccess(command);
    System.err.print(result.stderr());
  }
}

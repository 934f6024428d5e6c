package io.lakesync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium} package; {@code .ci/run} installs it), for tests
 * that look at a page the way an operator's browser does. {@code CHROMIUM} names another binary.
 */
public final class Chromium {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private Chromium() {}

  /** The DOM after the page loaded, as Chromium serializes it. */
  public static String dom(String url) {
    return run("--dump-dom", url);
  }

  /** A screenshot of the page, {@code width}×{@code height}, written to {@code png}. */
  public static void screenshot(String url, Path png, int width, int height) {
    run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url);
  }

  private static String run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary());
    // No sandbox: tests run as root in CI containers; no GPU on these machines.
    command.addAll(List.of("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"));
    command.addAll(List.of(args));
    return Processes.run(command, ProjectDir.get(), Map.of(), null, TIMEOUT)
        .requireSuccess(command)
        .stdout();
  }

  private static String binary() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
        .filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "headless Chromium is needed: apt-get install chromium (.ci/run does), or set"
                        + " CHROMIUM"));
  }
}

package io.lakesync.testing;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.service.LakeFsActions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real lakeFS server for the integration tests, started and stopped through {@code
 * bin/lakefs-local} so tests and users obtain and configure lakeFS the same way. Its data directory
 * is fresh for every test run.
 */
public final class LakeFsServer implements AutoCloseable {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(15);

  /** The shared secret this server's actions send to lakesync's webhook bridge. */
  public static final String WEBHOOK_SECRET = "it-webhook-secret";

  private final Map<String, String> scriptEnv;
  private final LakeFsSettings settings;

  private LakeFsServer(Map<String, String> scriptEnv, LakeFsSettings settings) {
    this.scriptEnv = scriptEnv;
    this.settings = settings;
  }

  public static LakeFsServer start() {
    Path home = ProjectDir.buildDir().resolve("it-lakefs");
    deleteRecursively(home);
    Map<String, String> env = new HashMap<>();
    env.put("LAKEFS_HOME", home.toString());
    env.put("LAKEFS_PORT", Integer.toString(FreePorts.next()));
    // lakeFS hands LAKEFSACTION_* variables to action templates: the webhook bridge secret.
    env.put(LakeFsActions.SECRET_ENV, WEBHOOK_SECRET);
    Map<String, String> vars = ShellExports.parse(script("start", env));
    return new LakeFsServer(env, LakeFsSettings.fromEnvironment(Environment.of(vars)));
  }

  public LakeFsSettings settings() {
    return settings;
  }

  /** Stops the server and keeps its data: an outage, for tests of recovery. */
  public void stopServer() {
    script("stop", scriptEnv);
  }

  /** Starts the stopped server again on the same port with the same data. */
  public void restartServer() {
    script("start", scriptEnv);
  }

  @Override
  public void close() {
    script("stop", scriptEnv);
  }

  private static String script(String verb, Map<String, String> env) {
    List<String> command = List.of(ProjectDir.get().resolve("bin/lakefs-local").toString(), verb);
    return Processes.run(command, ProjectDir.get(), env, null, SCRIPT_TIMEOUT)
        .requireSuccess(command)
        .stdout();
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted((a, b) -> b.compareTo(a))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

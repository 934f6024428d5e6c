package io.lakesync.app;

import io.lakesync.config.ConfigException;
import io.lakesync.config.Environment;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.embed.TextModels;
import io.lakesync.service.SyncService;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lakesync serve}: runs until SIGTERM (exit 0) or a fatal error (exit 1). Connections come
 * from the environment: {@code LAKEFS_*}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code
 * LAKESYNC_WEBHOOK_SECRET} (or {@code service.webhook_secret_file}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description = "Run the sync service: commit events in, synced tables out.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  /** Where connections and secrets come from; tests replace it. */
  Environment env = Environment.system();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    LakesyncConfig loaded;
    SyncService service;
    Connections connections = null;
    try {
      loaded = config.load();
      // Settings first: a missing variable is reported before the model takes seconds to load.
      LakeFsSettings lakefs = loaded.lakeFsSettings(env);
      KafkaSettings kafka = KafkaSettings.fromEnvironment(env);
      Secret webhookSecret = loaded.service().webhookSecret(env);
      connections =
          new Connections(lakefs, Connections.Openers.real(Caches.models(env)), Caches.models(env));
      TextModels models = connections.models();
      // Each table's model is read (and its checksum checked) and loaded before the service takes
      // events: a missing or tampered model file stops the start, not the first sync.
      for (var table : loaded.tables()) {
        models.embedder(table);
      }
      service =
          SyncService.start(
              loaded,
              lakefs,
              kafka,
              webhookSecret,
              models,
              connections.images(),
              BuildInfo.load().lakesync());
    } catch (ConfigException e) {
      closeQuietly(connections);
      verbose.failed(err, "lakesync serve: " + e.getMessage(), e);
      return ConfigOption.BAD_CONFIGURATION;
    } catch (IOException | RuntimeException e) {
      // Kafka or lakeFS unreachable, the HTTP port taken, a client that rejects its settings:
      // one line that says why, not a stack trace.
      closeQuietly(connections);
      verbose.failed(err, "lakesync serve: cannot start: " + ConfigOption.reason(e), e);
      return ConfigOption.FAILED;
    }
    Connections opened = connections;
    Thread shutdown =
        new Thread(
            () -> {
              // SIGTERM: stop taking events, let the running sync finish or abandon it (it is
              // idempotent; the event is re-read after restart), close Streams, then exit 0.
              // Without halt the JVM reports 143 (killed by the signal), which Kubernetes and
              // supervisors read as a crash.
              LOG.info("lakesync serve: stopping");
              try {
                service.close();
                opened.close();
                LOG.info("lakesync serve: stopped");
              } catch (RuntimeException e) {
                LOG.warn("lakesync serve: error while stopping", e);
              } finally {
                Runtime.getRuntime().halt(service.failed() ? ConfigOption.FAILED : 0);
              }
            },
            "lakesync-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    return service.awaitTermination();
  }

  private static void closeQuietly(Connections connections) {
    if (connections != null) {
      try {
        connections.close();
      } catch (RuntimeException e) {
        LOG.warn("lakesync serve: error while closing the model and clients", e);
      }
    }
  }
}

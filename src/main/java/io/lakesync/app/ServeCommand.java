package io.lakesync.app;

import io.lakesync.config.ConfigException;
import io.lakesync.config.Environment;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.EmbeddingModel;
import io.lakesync.service.SyncService;
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

  @Override
  public Integer call() throws Exception {
    Environment env = Environment.system();
    LakesyncConfig loaded;
    SyncService service;
    DjlTextEmbedder embedder;
    try {
      loaded = config.load();
      var models = loaded.tables().stream().map(t -> t.embeddingModel()).distinct().toList();
      if (models.size() != 1) {
        throw new ConfigException(
            "tables",
            "serve runs one model; tables use " + models.stream().map(EmbeddingModel::id).toList());
      }
      embedder = DjlTextEmbedder.load(models.get(0), Caches.models());
      service =
          SyncService.start(
              loaded,
              loaded.lakeFsSettings(env),
              KafkaSettings.fromEnvironment(env),
              loaded.service().webhookSecret(env),
              embedder,
              BuildInfo.load().lakesync());
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("lakesync serve: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ConfigOption.BAD_CONFIGURATION;
    }
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
                embedder.close();
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
}

package io.lakesync.app;

import io.lakesync.config.ConfigException;
import io.lakesync.config.Environment;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.EmbeddingModel;
import io.lakesync.service.SyncService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lakesync serve}: runs until SIGTERM (exit 0) or a fatal error (exit 1). Connections come
 * from the environment: {@code LAKEFS_*}, {@code KAFKA_BOOTSTRAP_SERVERS}, {@code
 * LAKESYNC_WEBHOOK_SECRET} (or {@code service.webhook_secret_file}).
 */
@Command(name = "serve", description = "Run the sync service: commit events in, synced tables out.")
final class ServeCommand implements Callable<Integer> {
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
              service.close();
              embedder.close();
            },
            "lakesync-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    return service.awaitTermination();
  }
}

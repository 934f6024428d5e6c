package io.lakesync.app;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code lakesync sync}: one differential sync of one table, published through a staging branch.
 * Exit codes: 0 merged or nothing to do, 3 rejected by a pre-merge hook, 1 failed, 2 bad usage or
 * configuration.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description =
        "Sync a table to its source branch head (or --to a commit): embed what changed, write it on"
            + " a staging branch, commit with lineage, merge into the target branch.")
final class SyncCommand implements Callable<Integer> {
  static final int REJECTED = 3;

  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(names = "--table", required = true, description = "Table name from the configuration.")
  private String tableName;

  @Option(names = "--to", description = "Source commit ID to sync to (default: branch head).")
  private String toCommit;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return ConfigOption.run(
        "sync",
        verbose,
        spec.commandLine().getErr(),
        () -> {
          LakesyncConfig loaded = config.load();
          TableConfig table = config.table(loaded, tableName);
          PublishOutcome outcome = publish(table, loaded.lakeFsSettings(Environment.system()));
          out.println(outcome.summary());
          out.flush();
          return outcome.status() == PublishOutcome.Status.REJECTED ? REJECTED : 0;
        });
  }

  private PublishOutcome publish(TableConfig table, LakeFsSettings settings) throws IOException {
    LakeFsApi api = LakeFsApi.connect(settings);
    String commit =
        toCommit != null ? toCommit : api.branchHead(table.repository(), table.branch());
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        DjlTextEmbedder embedder = DjlTextEmbedder.load(table.embeddingModel(), Caches.models())) {
      return new TablePublisher(api, s3, settings, allocator, embedder, BuildInfo.load().lakesync())
          .publish(table, commit);
    }
  }
}

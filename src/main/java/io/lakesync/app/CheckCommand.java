package io.lakesync.app;

import io.lakesync.config.Environment;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.gate.GateReport;
import io.lakesync.gate.QualityGate;
import io.lakesync.lakefs.LakeFsApi;
import io.lakesync.lakefs.S3Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
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
 * {@code lakesync check}: the pre-merge quality gate, run offline on any ref. Exit codes: 0 the
 * table passes, 1 it fails (or could not be audited), 2 bad usage or configuration.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Versions.class,
    description =
        "Run the quality gate (coverage, governance, accuracy, drift) on a table at a ref and print"
            + " the report; exit 1 when it fails.")
final class CheckCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(names = "--table", required = true, description = "Table name from the configuration.")
  private String tableName;

  @Option(
      names = "--ref",
      description = "Branch, tag or commit ID to audit (default: the table's target branch).")
  private String ref;

  @Option(
      names = "--baseline",
      description =
          "Ref to measure drift against (default: the target branch); 'none' skips drift.")
  private String baseline;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return ConfigOption.run(
        "check",
        verbose,
        spec.commandLine().getErr(),
        () -> {
          LakesyncConfig loaded = config.load();
          TableConfig table = config.table(loaded, tableName);
          GateReport report = audit(table, loaded.lakeFsSettings(Environment.system()));
          out.print(report.render());
          out.flush();
          return report.passed() ? 0 : ConfigOption.FAILED;
        });
  }

  private GateReport audit(TableConfig table, LakeFsSettings settings) throws IOException {
    LakeFsApi api = LakeFsApi.connect(settings);
    String commit = resolve(api, table, ref == null ? table.targetBranch() : ref);
    Optional<String> against =
        "none".equals(baseline)
            ? Optional.empty()
            : Optional.of(baseline == null ? table.targetBranch() : baseline);
    try (S3Client s3 = S3Gateway.client(settings);
        BufferAllocator allocator = new RootAllocator();
        DjlTextEmbedder embedder = DjlTextEmbedder.load(table.embeddingModel(), Caches.models())) {
      return new QualityGate(api, s3, settings, allocator, embedder)
          .evaluate(table, commit, against);
    }
  }

  /** A branch, tag or commit ID as the commit ID it names now. */
  private static String resolve(LakeFsApi api, TableConfig table, String ref) throws IOException {
    return api.findCommit(table.repository(), ref)
        .orElseThrow(
            () ->
                new IOException(
                    "no branch, tag or commit '" + ref + "' in repository " + table.repository()))
        .getId();
  }
}

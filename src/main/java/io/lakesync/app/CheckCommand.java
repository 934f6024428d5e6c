package io.lakesync.app;

import io.lakesync.config.TableConfig;
import io.lakesync.gate.GateReport;
import io.lakesync.gate.QualityGate;
import io.lakesync.lakefs.LakeFs;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    return TableCommand.run(
        "check",
        config,
        tableName,
        verbose,
        spec.commandLine().getErr(),
        (table, connections) -> {
          GateReport report = audit(table, connections);
          out.print(report.render());
          out.flush();
          return report.passed() ? 0 : ConfigOption.FAILED;
        });
  }

  private GateReport audit(TableConfig table, Connections connections) throws IOException {
    LakeFs lakeFs = connections.lakeFs();
    String commit = resolve(lakeFs, table, ref == null ? table.targetBranch() : ref);
    Optional<String> against =
        "none".equals(baseline)
            ? Optional.empty()
            : Optional.of(baseline == null ? table.targetBranch() : baseline);
    return new QualityGate(
            lakeFs,
            connections.s3(),
            connections.tables(connections.models().model(table)),
            connections.models(),
            // Loaded on the first image re-embedded: a table without images never pays for it.
            connections.images())
        .evaluate(table, commit, against);
  }

  /** A branch, tag or commit ID as the commit ID it names now. */
  private static String resolve(LakeFs lakeFs, TableConfig table, String ref) throws IOException {
    return lakeFs
        .findCommit(table.repository(), ref)
        .orElseThrow(
            () ->
                new IOException(
                    "no branch, tag or commit '" + ref + "' in repository " + table.repository()))
        .id();
  }
}

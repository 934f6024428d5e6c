package io.lakesync.app;

import io.lakesync.config.Environment;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.failure.Failure;
import io.lakesync.failure.FailureKind;
import io.lakesync.failure.RetryPolicy;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.PublishRunner;
import io.lakesync.publish.StagingSweeper;
import io.lakesync.publish.TablePublisher;
import io.lakesync.status.SyncStatus;
import io.lakesync.stream.JsonSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakesync sync}: one differential sync of one table, published through a staging branch,
 * with the same retries as the service. Exit codes: 0 merged or nothing to do, 3 rejected by a
 * pre-merge hook, 4 another sync of the table kept winning the merge, 1 failed, 2 bad usage or
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
  static final int ANOTHER_SYNC_OWNS_THE_TABLE = 4;

  @Spec private CommandSpec spec;

  @Mixin private ConfigOption config;

  @Mixin private VerboseOption verbose;

  @Option(names = "--table", required = true, description = "Table name from the configuration.")
  private String tableName;

  @Option(names = "--to", description = "Source commit ID to sync to (default: branch head).")
  private String toCommit;

  @Option(
      names = "--retry-seconds",
      defaultValue = "30",
      description =
          "How long to ride out transient failures (lakeFS unreachable, a target branch with"
              + " uncommitted changes) before failing; default ${DEFAULT-VALUE}.")
  private int retrySeconds;

  @Option(
      names = "--json",
      description =
          "Print the outcome as one JSON object, the status record serve writes (counts,"
              + " duration_ms, phases_ms), instead of the summary line.")
  private boolean json;

  /** Milliseconds the publish took, retries included; start-up and the sweep are not in it. */
  private long publishMillis;

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
          PublishRunner.Result result;
          try (Connections connections =
              new Connections(loaded.lakeFsSettings(Environment.system()))) {
            result =
                publish(
                    table,
                    connections,
                    Duration.ofMinutes(loaded.service().stagingMaxAgeMinutes()));
          }
          if (result.outcome().isEmpty()) {
            Failure failure = result.failure().orElseThrow();
            Throwable cause =
                failure.cause() != null
                    ? failure.cause()
                    : new IllegalStateException(failure.reason());
            verbose.failed(
                spec.commandLine().getErr(), "lakesync sync: failed: " + result.reason(), cause);
            return failure.kind() == FailureKind.CONFLICT
                ? ANOTHER_SYNC_OWNS_THE_TABLE
                : ConfigOption.FAILED;
          }
          PublishOutcome outcome = result.outcome().get();
          out.println(json ? json(outcome, table, publishMillis) : outcome.summary());
          out.flush();
          return outcome.status() == PublishOutcome.Status.REJECTED ? REJECTED : 0;
        });
  }

  /**
   * The outcome as the status topic writes it, for scripts and benchmarks that want the counts and
   * where the time went ({@code phases_ms}) without parsing the summary.
   */
  static String json(PublishOutcome outcome, TableConfig table, long publishMillis) {
    SyncStatus status = outcome.toStatus(table, outcome.sourceCommit(), publishMillis);
    return new String(
        JsonSerde.of(SyncStatus.class).serializer().serialize("", status), StandardCharsets.UTF_8);
  }

  /**
   * Deletes the table's orphaned staging branches (a crashed run's, older than {@code
   * service.staging_max_age_minutes}), as serve's reconciler does: a user who only ever runs {@code
   * lakesync sync} must not collect them forever. Best effort: the sync's result stands.
   */
  private void sweep(TablePublisher publisher, TableConfig table, Duration maxAge) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      for (String branch : new StagingSweeper(publisher, maxAge).sweep(table, Instant.now())) {
        err.println("lakesync sync: deleted orphaned staging branch " + branch);
      }
    } catch (IOException e) {
      err.println("lakesync sync: could not sweep staging branches: " + e.getMessage());
    }
    err.flush();
  }

  private PublishRunner.Result publish(TableConfig table, Connections connections, Duration maxAge)
      throws IOException {
    LakeFs lakeFs = connections.lakeFs();
    PublishRunner.SourceCommit source =
        toCommit != null ? t -> toCommit : t -> lakeFs.branchHead(t.repository(), t.branch());
    TablePublisher publisher =
        new TablePublisher(
            lakeFs,
            connections.s3(),
            connections.tables(connections.models().model(table)),
            connections.models(),
            connections.images(),
            BuildInfo.load().lakesync());
    RetryPolicy retries =
        RetryPolicy.DEFAULT.withTransientWindow(Duration.ofSeconds(Math.max(0, retrySeconds)));
    long start = System.nanoTime();
    PublishRunner.Result result = new PublishRunner(publisher, retries).run(table, source);
    publishMillis = (System.nanoTime() - start) / 1_000_000;
    if (result.outcome().isPresent()) {
      // lakeFS answered: a good moment to collect what crashed runs left.
      sweep(publisher, table, maxAge);
    }
    return result;
  }
}

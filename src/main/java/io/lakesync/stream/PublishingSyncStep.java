package io.lakesync.stream;

import io.lakesync.config.TableConfig;
import io.lakesync.event.CommitEvent;
import io.lakesync.publish.PublishRunner;
import io.lakesync.status.SyncStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's sync step: for each table following the event's branch, sync to the branch head
 * <em>now</em> (not to the event's commit) and report the outcome as a status.
 *
 * <p>Syncing to the head makes a burst of events coalesce: the first event syncs every commit up to
 * the head, the others find the table already there and report {@code noop}. Failures are handled
 * by the publish's one retry loop ({@link PublishRunner}); what outlasts it becomes a {@code
 * failed} status with a one-line reason, and the stream goes on. Only a bug in lakesync escapes, to
 * end the process.
 */
public final class PublishingSyncStep implements SyncStep {
  /** Publishes one table to its branch head, retries included. */
  @FunctionalInterface
  public interface TableRun {
    PublishRunner.Result run(TableConfig table);
  }

  private static final Logger LOG = LoggerFactory.getLogger(PublishingSyncStep.class);

  private final List<TableConfig> tables;
  private final TableRun run;

  public PublishingSyncStep(List<TableConfig> tables, TableRun run) {
    this.tables = List.copyOf(tables);
    this.run = run;
  }

  /** The tables an event concerns: those following its repository and branch. */
  public List<TableConfig> tablesFor(CommitEvent event) {
    return tables.stream()
        .filter(t -> t.repository().equals(event.repository()) && t.branch().equals(event.branch()))
        .toList();
  }

  @Override
  public List<SyncStatus> sync(CommitEvent event) {
    List<SyncStatus> statuses = new ArrayList<>();
    for (TableConfig table : tablesFor(event)) {
      long started = System.nanoTime();
      PublishRunner.Result result = run.run(table);
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (result.outcome().isPresent()) {
        statuses.add(result.outcome().get().toStatus(table, event.commitId(), millis));
      } else {
        String reason = result.reason();
        LOG.warn("sync of {} for {} failed: {}", table.name(), event.commitId(), reason);
        statuses.add(SyncStatus.failed(table, event.commitId(), reason, millis));
      }
    }
    return statuses;
  }
}

package io.lakesync.stream;

import io.lakesync.config.TableConfig;
import io.lakesync.event.CommitEvent;
import io.lakesync.lakefs.LakeFsFailure;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.sync.SyncResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's sync step: for each table following the event's branch, sync to the branch head
 * <em>now</em> (not to the event's commit) and report the outcome.
 *
 * <p>Syncing to the head makes a burst of events coalesce: the first event syncs every commit up to
 * the head, the others find the table already there and report {@code noop}. Failures are
 * classified here, once: a hook rejection is a {@code rejected} status; transient lakeFS or I/O
 * failures are retried with bounded exponential backoff; anything else that is permanent is a
 * {@code failed} status. The stream goes on in every case.
 */
public final class PublishingSyncStep implements SyncStep {
  /** The lakeFS side of a sync, as the step needs it. */
  public interface Publisher {
    String head(TableConfig table) throws IOException;

    PublishOutcome publish(TableConfig table, String commit) throws IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(PublishingSyncStep.class);

  private final List<TableConfig> tables;
  private final Publisher publisher;
  private final int attempts;
  private final Duration firstBackoff;

  public PublishingSyncStep(
      List<TableConfig> tables, Publisher publisher, int attempts, Duration firstBackoff) {
    this.tables = List.copyOf(tables);
    this.publisher = publisher;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
  }

  @Override
  public List<SyncStatus> sync(CommitEvent event) {
    List<SyncStatus> statuses = new ArrayList<>();
    for (TableConfig table : tables) {
      if (table.repository().equals(event.repository()) && table.branch().equals(event.branch())) {
        statuses.add(syncTable(table, event));
      }
    }
    return statuses;
  }

  private SyncStatus syncTable(TableConfig table, CommitEvent event) {
    long started = System.nanoTime();
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        String head = publisher.head(table);
        PublishOutcome outcome = publisher.publish(table, head);
        return status(table, event, outcome, millisSince(started));
      } catch (InterruptedIOException e) {
        Thread.currentThread().interrupt();
        return failed(table, event, "interrupted", millisSince(started));
      } catch (IOException e) {
        if (!transientFailure(e) || attempt >= attempts) {
          LOG.warn("sync of {} for {} failed: {}", table.name(), event.commitId(), e.getMessage());
          return failed(table, event, e.getMessage(), millisSince(started));
        }
        LOG.warn(
            "sync of {} failed (attempt {}/{}), retrying in {}: {}",
            table.name(),
            attempt,
            attempts,
            backoff,
            e.getMessage());
        if (!sleep(backoff)) {
          return failed(table, event, "interrupted while retrying", millisSince(started));
        }
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  /** lakeFS 429/5xx and transport errors are transient; other lakeFS answers are not. */
  static boolean transientFailure(IOException e) {
    return !(e instanceof LakeFsFailure failure) || failure.transientFailure();
  }

  private static SyncStatus status(
      TableConfig table, CommitEvent event, PublishOutcome outcome, long millis) {
    String result =
        switch (outcome.status()) {
          case MERGED -> SyncStatus.MERGED;
          case REJECTED -> SyncStatus.REJECTED;
          case NOOP -> SyncStatus.NOOP;
        };
    SyncResult r = outcome.result().orElse(null);
    return new SyncStatus(
        table.name(),
        table.repository(),
        table.branch(),
        result,
        event.commitId(),
        outcome.sourceCommit(),
        outcome.mergeCommit().orElse(""),
        r == null ? 0 : r.added(),
        r == null ? 0 : r.updated(),
        r == null ? 0 : r.deleted(),
        r == null ? 0 : r.skippedTotal(),
        r == null ? 0 : r.chunks(),
        r == null ? 0 : r.modelCalls(),
        r == null ? 0 : r.reused(),
        millis,
        outcome.message(),
        outcome.phasesMs());
  }

  private static SyncStatus failed(
      TableConfig table, CommitEvent event, String reason, long millis) {
    return new SyncStatus(
        table.name(),
        table.repository(),
        table.branch(),
        SyncStatus.FAILED,
        event.commitId(),
        "",
        "",
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        millis,
        reason == null ? "unknown error" : reason,
        java.util.Map.of());
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}

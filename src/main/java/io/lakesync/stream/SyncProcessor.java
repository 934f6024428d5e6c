package io.lakesync.stream;

import io.lakesync.event.CommitEvent;
import io.lakesync.status.SyncStatus;
import java.time.InstantSource;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Runs the sync step for one branch's events, in partition order, and forwards one status record
 * per table, keyed by table name.
 *
 * <p>The sync runs on the stream thread, deliberately: its status records then join the same
 * exactly-once transaction as the input offset, so a status is written exactly once and an event is
 * never acknowledged before its sync finished. What keeps a long sync from hurting: the service
 * raises {@code max.poll.interval.ms} above the longest expected sync, so no rebalance is
 * triggered, and runs several stream threads, so other branches' partitions keep moving; the step
 * syncs to the branch head, so events that piled up behind a long sync are no-ops once it ends.
 *
 * <p>A status record's timestamp is when its outcome was known: the clock read after the step
 * returns, not the event's time (which may be hours old after a backlog) nor {@code
 * context.currentSystemTimeMs()} (Streams caches that at the start of a processing batch, before
 * the sync ran).
 */
final class SyncProcessor implements Processor<String, CommitEvent, String, SyncStatus> {
  private final SyncStep step;
  private final InstantSource clock;
  private ProcessorContext<String, SyncStatus> context;

  SyncProcessor(SyncStep step, InstantSource clock) {
    this.step = step;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SyncStatus> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, CommitEvent> record) {
    List<SyncStatus> statuses = step.sync(record.value());
    long done = clock.millis();
    for (SyncStatus status : statuses) {
      context.forward(new Record<>(status.table(), status, done));
    }
  }
}

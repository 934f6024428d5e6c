package io.lakesync.stream;

import io.lakesync.event.CommitEvent;
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
 */
final class SyncProcessor implements Processor<String, CommitEvent, String, SyncStatus> {
  private final SyncStep step;
  private ProcessorContext<String, SyncStatus> context;

  SyncProcessor(SyncStep step) {
    this.step = step;
  }

  @Override
  public void init(ProcessorContext<String, SyncStatus> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, CommitEvent> record) {
    for (SyncStatus status : step.sync(record.value())) {
      context.forward(new Record<>(status.table(), status, record.timestamp()));
    }
  }
}

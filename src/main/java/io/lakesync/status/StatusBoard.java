package io.lakesync.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service knows about each table right now, for the status page: the latest lag
 * measurement, the latest sync outcome and the latest quality-gate report. Written by the stream
 * threads, the lag monitor and the hook; read by HTTP threads.
 */
public final class StatusBoard {
  /** A quality-gate report as it was given. */
  public record GateEntry(boolean passed, String report, Instant at) {}

  /** A sync outcome and when it was reported. */
  public record SyncEntry(SyncStatus status, Instant at) {}

  private final List<String> tables;
  private final Map<String, TableLagSnapshot> lag = new ConcurrentHashMap<>();
  private final Map<String, String> lagErrors = new ConcurrentHashMap<>();
  private final Map<String, SyncEntry> syncs = new ConcurrentHashMap<>();
  private final Map<String, SyncEntry> changes = new ConcurrentHashMap<>();
  private final Map<String, GateEntry> gates = new ConcurrentHashMap<>();
  private final Map<String, Long> consumerLag = new ConcurrentHashMap<>();
  private final Set<String> missingBranches = ConcurrentHashMap.newKeySet();

  public StatusBoard(List<String> tables) {
    this.tables = List.copyOf(tables);
  }

  public List<String> tables() {
    return tables;
  }

  public void lag(TableLagSnapshot snapshot) {
    lag.put(snapshot.table(), snapshot);
    lagErrors.remove(snapshot.table());
  }

  public void lagFailed(String table, String why) {
    lagErrors.put(table, why);
  }

  public void sync(SyncStatus status) {
    SyncEntry entry = new SyncEntry(status, Instant.now());
    syncs.put(status.table(), entry);
    if (status.outcome() != SyncOutcome.NOOP) {
      changes.put(status.table(), entry);
    }
  }

  public void gate(String table, boolean passed, String report) {
    gates.put(table, new GateEntry(passed, report, Instant.now()));
  }

  /** Whether the table's source branch is known not to exist (the reconciler found it so). */
  public void branchMissing(String table, boolean missing) {
    if (missing) {
      missingBranches.add(table);
    } else {
      missingBranches.remove(table);
    }
  }

  public boolean branchMissing(String table) {
    return missingBranches.contains(table);
  }

  public void consumerLag(String topic, long records) {
    consumerLag.put(topic, records);
  }

  public Map<String, Long> consumerLag() {
    return Map.copyOf(consumerLag);
  }

  public Optional<TableLagSnapshot> lagOf(String table) {
    return Optional.ofNullable(lag.get(table));
  }

  public Optional<String> lagErrorOf(String table) {
    return Optional.ofNullable(lagErrors.get(table));
  }

  public Optional<SyncEntry> syncOf(String table) {
    return Optional.ofNullable(syncs.get(table));
  }

  /** The last outcome that was not a noop: what the burst of noops after a merge would hide. */
  public Optional<SyncEntry> lastChangeOf(String table) {
    return Optional.ofNullable(changes.get(table));
  }

  public Optional<GateEntry> gateOf(String table) {
    return Optional.ofNullable(gates.get(table));
  }
}

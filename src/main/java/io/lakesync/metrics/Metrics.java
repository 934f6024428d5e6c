package io.lakesync.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every metric lakesync publishes, by name and tags, in one place, so dashboards and alert rules
 * have one list to match. Names are Micrometer's dotted form; Prometheus sees {@code lakesync_…}
 * with {@code _total} on counters.
 */
public final class Metrics {
  /** Syncs by table and outcome (merged, noop, rejected, failed). */
  public static final String SYNCS = "lakesync.syncs";

  /** Quality-gate audits by table and result (passed, failed). */
  public static final String GATE_AUDITS = "lakesync.gate.audits";

  /** Failed quality checks by table and check (coverage, governance, accuracy, drift, table). */
  public static final String GATE_CHECK_FAILURES = "lakesync.gate.check.failures";

  public static final String TABLE = "table";
  public static final String OUTCOME = "outcome";
  public static final String RESULT = "result";
  public static final String CHECK = "check";

  private final MeterRegistry registry;

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void sync(String table, String outcome) {
    registry.counter(SYNCS, TABLE, table, OUTCOME, outcome).increment();
  }

  public void gateAudit(String table, boolean passed) {
    registry.counter(GATE_AUDITS, TABLE, table, RESULT, passed ? "passed" : "failed").increment();
  }

  public void gateCheckFailed(String table, String check) {
    registry.counter(GATE_CHECK_FAILURES, TABLE, table, CHECK, check).increment();
  }
}

package io.lakesync.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * How one table's sync for one event ended. The {@link #label() label} is what the status topic's
 * JSON, the {@code outcome} metric label and the status page show; it never changes.
 */
public enum SyncOutcome {
  /** The table was synced and merged into the target branch. */
  MERGED("merged"),
  /** The target's table already covers the commit, or nothing in scope changed. */
  NOOP("noop"),
  /** A pre-merge hook rejected the merge; the staging branch is kept for inspection. */
  REJECTED("rejected"),
  /** The sync failed after its retries; the message says why. */
  FAILED("failed");

  private final String label;

  SyncOutcome(String label) {
    this.label = label;
  }

  /** The lowercase name on the status topic, in metrics and on the status page. */
  @JsonValue
  public String label() {
    return label;
  }

  /** The outcome a status record names, as {@link #label()} writes it. */
  @JsonCreator
  public static SyncOutcome of(String label) {
    return Arrays.stream(values())
        .filter(o -> o.label.equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown sync outcome: " + label));
  }
}

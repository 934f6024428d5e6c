package io.lakesync.gate;

import java.util.List;

/**
 * The outcome of one quality check.
 *
 * @param check the check's name: coverage, governance, accuracy or drift
 * @param summary one line with the measured values and thresholds
 * @param details what a reviewer needs to act on: paths and kinds, never the PII itself
 */
public record CheckResult(String check, Verdict verdict, String summary, List<String> details) {
  /** At most this many details per check, so the report stays short enough to read. */
  static final int MAX_DETAILS = 10;

  public enum Verdict {
    PASS,
    FAIL,
    /** Not applicable here (no baseline to drift from, no golden queries, policy allows). */
    SKIP
  }

  public CheckResult {
    details =
        details.size() <= MAX_DETAILS
            ? List.copyOf(details)
            : java.util.stream.Stream.concat(
                    details.stream().limit(MAX_DETAILS),
                    java.util.stream.Stream.of("… and " + (details.size() - MAX_DETAILS) + " more"))
                .toList();
  }

  public static CheckResult pass(String check, String summary) {
    return new CheckResult(check, Verdict.PASS, summary, List.of());
  }

  public static CheckResult skip(String check, String summary) {
    return new CheckResult(check, Verdict.SKIP, summary, List.of());
  }

  public static CheckResult of(String check, boolean passed, String summary, List<String> details) {
    return new CheckResult(check, passed ? Verdict.PASS : Verdict.FAIL, summary, details);
  }

  public boolean failed() {
    return verdict == Verdict.FAIL;
  }
}

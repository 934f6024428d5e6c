package io.lakesync.gate;

import java.util.List;
import java.util.Locale;

/**
 * The quality gate's verdict on one table at one commit: what lakeFS stores as the hook's output
 * and what {@code lakesync check} prints. Plain text, short, one line per check.
 *
 * @param table the table's configured name
 * @param commit the commit the table was read at
 * @param sampled how the rows were read, e.g. "all 412 rows" or "1,203 changed + 2,000 sampled of
 *     1.2M rows"
 */
public record GateReport(String table, String commit, String sampled, List<CheckResult> checks) {
  public GateReport {
    checks = List.copyOf(checks);
  }

  /** A report for a table the gate could not read at all. */
  public static GateReport unreadable(String table, String commit, String why) {
    return new GateReport(
        table,
        commit,
        "no rows read",
        List.of(new CheckResult("table", CheckResult.Verdict.FAIL, why, List.of())));
  }

  public boolean passed() {
    return checks.stream().noneMatch(CheckResult::failed);
  }

  public List<CheckResult> failures() {
    return checks.stream().filter(CheckResult::failed).toList();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("lakesync quality gate: table ")
        .append(table)
        .append(" at ")
        .append(commit)
        .append(": ")
        .append(passed() ? "PASSED" : "FAILED")
        .append(" (")
        .append(sampled)
        .append(")\n");
    for (CheckResult check : checks) {
      out.append(
          String.format(
              Locale.ROOT, "  %-10s %-4s %s%n", check.check(), check.verdict(), check.summary()));
      for (String detail : check.details()) {
        out.append("               - ").append(detail).append('\n');
      }
    }
    return out.toString();
  }
}

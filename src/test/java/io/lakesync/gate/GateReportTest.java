package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GateReportTest {
  @Test
  void rendersOneLinePerCheckAndCapsTheDetails() {
    List<String> many =
        IntStream.range(0, 25).mapToObj(i -> "no vectors: docs/" + i + ".md").toList();
    GateReport report =
        new GateReport(
            "docs",
            "abc123",
            "all 40 rows audited",
            List.of(
                CheckResult.of("coverage", false, "40.0% of objects covered", many),
                CheckResult.pass("governance", "no PII in 40 chunks (pii: block)"),
                CheckResult.skip("drift", "no baseline")));

    String text = report.render();

    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(CheckResult::check).containsExactly("coverage");
    assertThat(text)
        .startsWith("lakesync quality gate: table docs at abc123: FAILED (all 40 rows audited)\n")
        .contains("  coverage   FAIL 40.0% of objects covered\n")
        .contains("               - no vectors: docs/9.md\n")
        .contains("               - … and 15 more\n")
        .contains("  governance PASS no PII")
        .contains("  drift      SKIP no baseline")
        .doesNotContain("docs/10.md");
  }
}

package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.PiiPolicy;
import io.lakesync.pii.PiiScanner;
import io.lakesync.sync.EmbeddingRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernanceCheckTest {
  private static final String CARD = "4242 4242 4242 4242";
  private final List<EmbeddingRow> rows =
      List.of(row("docs/a.md", 0, "Nothing to see here."), row("docs/b.md", 3, "Pay with " + CARD));

  @Test
  void piiFailsUnderBlockAndRedactAndTheReportNamesOnlyPathsAndKinds() {
    for (PiiPolicy policy : List.of(PiiPolicy.BLOCK, PiiPolicy.REDACT)) {
      CheckResult result = GovernanceCheck.run(policy, rows, new PiiScanner());

      assertThat(result.failed()).isTrue();
      assertThat(result.details()).containsExactly("docs/b.md chunk 3: [PAYMENT_CARD]");
      assertThat(result.summary() + result.details()).doesNotContain(CARD).doesNotContain("4242");
    }
  }

  @Test
  void piiInAChunksContextCountsToo() {
    EmbeddingRow titled =
        new EmbeddingRow(
            "docs/c.md#0",
            "docs/c.md",
            0,
            0,
            5,
            "Hello",
            "Card " + CARD,
            "h",
            "c",
            "c1",
            "m",
            new float[] {1});

    CheckResult result = GovernanceCheck.run(PiiPolicy.BLOCK, List.of(titled), new PiiScanner());

    assertThat(result.details()).containsExactly("docs/c.md chunk 0: [PAYMENT_CARD]");
  }

  @Test
  void allowSkipsTheCheck() {
    assertThat(GovernanceCheck.run(PiiPolicy.ALLOW, rows, new PiiScanner()).verdict())
        .isEqualTo(CheckResult.Verdict.SKIP);
  }

  @Test
  void cleanTextsPass() {
    CheckResult result = GovernanceCheck.run(PiiPolicy.BLOCK, rows.subList(0, 1), new PiiScanner());

    assertThat(result.verdict()).isEqualTo(CheckResult.Verdict.PASS);
    assertThat(result.summary()).isEqualTo("no PII in 1 chunks (pii: block)");
  }

  private static EmbeddingRow row(String path, int chunk, String text) {
    return new EmbeddingRow(
        path + "#" + chunk,
        path,
        chunk,
        0,
        text.length(),
        text,
        "",
        "h",
        "c",
        "c1",
        "m",
        new float[] {1});
  }
}

package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.PiiPolicy;
import io.lakesync.pii.PiiScanner;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
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

  @Test
  void anImagesOcrTextIsScannedOnItsOwnAndNamedByThePath() {
    String email = "jane.doe@example.com";
    // As the sync writes it: the OCR text is the chunk's text and the ocr_text column.
    EmbeddingRow scan =
        image(
            "images/card.png",
            "Contact " + email,
            new ImageColumns(new float[] {1}, "[]", "Contact " + email, "img@1", "t"));
    // Masked in the text by hand, but not in ocr_text: still fails.
    EmbeddingRow masked =
        image(
            "images/memo.png",
            "Contact [REDACTED:EMAIL]",
            new ImageColumns(new float[] {1}, "[]", "Write to " + email, "img@1", "t"));
    EmbeddingRow clean =
        image(
            "images/cat.png",
            "A tabby cat.",
            new ImageColumns(new float[] {1}, "[]", "", "img@1", "t"));

    CheckResult result =
        GovernanceCheck.run(PiiPolicy.BLOCK, List.of(scan, masked, clean), new PiiScanner());
    CheckResult passing = GovernanceCheck.run(PiiPolicy.BLOCK, List.of(clean), new PiiScanner());

    assertThat(result.failed()).isTrue();
    assertThat(result.details())
        .containsExactly(
            "images/card.png chunk 0: [EMAIL]",
            "images/card.png ocr_text: [EMAIL]",
            "images/memo.png ocr_text: [EMAIL]");
    assertThat(result.summary()).startsWith("PII found in 1 chunks and 2 OCR texts {EMAIL=3}");
    assertThat(result.summary() + result.details()).doesNotContain(email);
    assertThat(passing.summary()).isEqualTo("no PII in 1 chunks and 1 OCR texts (pii: block)");
  }

  private static EmbeddingRow image(String path, String text, ImageColumns image) {
    return new EmbeddingRow(
        path + "#0",
        path,
        0,
        0,
        text.length(),
        text,
        "",
        "h",
        "c",
        "c1",
        "m",
        new float[] {1},
        image);
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

package io.lakesync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.search.Explanation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What `lakesync explain` prints for people. */
class ExplainCommandTest {
  @Test
  void aChunkNamesTheModelBytesThatMadeItsVector() {
    Explanation chunk =
        new Explanation(
            "docs",
            "c0ffee",
            "docs/a.md",
            2,
            List.of(10, 42),
            "Backups are kept for 35 days.",
            List.of(new Explanation.Change("c0ffee", "ada", "2026-11-30T00:00:00Z", "backups")),
            new Explanation.Model(
                "e5@fp32:3b1f0c9e7a2d4b61",
                "3b1f0c9e7a2d4b61" + "0".repeat(48),
                "lakefs://models/8c1d/e5/model.onnx + lakefs://models/8c1d/e5/tokenizer.json"));

    String text = ExplainCommand.human(chunk);

    assertThat(text)
        .contains("docs/a.md at commit c0ffee, chunk 2 (characters 10-42 of the extracted text)")
        .contains("embedded with e5@fp32:3b1f0c9e7a2d4b61")
        .contains("model files: lakefs://models/8c1d/e5/model.onnx")
        .contains("sha256: 3b1f0c9e7a2d4b61000")
        .contains("c0ffee  2026-11-30T00:00:00Z  ada  backups");
  }

  @Test
  void anObjectHasNoModel() {
    Explanation object =
        new Explanation("docs", "c0ffee", "docs/a.md", null, null, "text", List.of(), null);

    assertThat(ExplainCommand.human(object)).doesNotContain("embedded with");
  }
}

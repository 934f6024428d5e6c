package io.lakesync.gate;

import io.lakesync.config.PiiPolicy;
import io.lakesync.pii.PiiFinding;
import io.lakesync.pii.PiiKind;
import io.lakesync.pii.PiiScanner;
import io.lakesync.sync.EmbeddingRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * No PII in the table, unless the table's policy allows it. Under {@code redact} the sync masks PII
 * before storing, so finding any means the table was written by something else (or an older
 * lakesync): it fails just like under {@code block}. Images are scanned on their rows' texts (which
 * hold their OCR text) and on their {@code ocr_text} column. The report names paths, chunks and
 * kinds; it never repeats the values it found.
 */
final class GovernanceCheck {
  static final String NAME = "governance";

  private GovernanceCheck() {}

  static CheckResult run(PiiPolicy policy, List<EmbeddingRow> rows, PiiScanner scanner) {
    if (policy == PiiPolicy.ALLOW) {
      return CheckResult.skip(NAME, "PII allowed by the table's policy (pii: allow)");
    }
    Map<PiiKind, Integer> byKind = new TreeMap<>();
    Map<String, TreeSet<String>> kindsByChunk = new TreeMap<>();
    Map<String, TreeSet<String>> kindsByImage = new TreeMap<>();
    int ocrTexts = 0;
    for (EmbeddingRow row : rows) {
      // What the model embedded: the context (a title can carry PII too) and the chunk.
      scan(scanner, row.embeddedText(), row.path() + " chunk " + row.chunk(), byKind, kindsByChunk);
      // An image's OCR text is stored in its own column too (chunk 0), searchable and returned
      // as it is: scanned apart, so a table whose chunk text was masked but whose ocr_text was
      // not still fails.
      if (row.image() != null && row.image().first()) {
        ocrTexts++;
        scan(scanner, row.image().ocrText(), row.path() + " ocr_text", byKind, kindsByImage);
      }
    }
    String policyName = policy.yamlName();
    String scanned =
        rows.size() + " chunks" + (ocrTexts == 0 ? "" : " and " + ocrTexts + " OCR texts");
    if (byKind.isEmpty()) {
      return CheckResult.pass(NAME, "no PII in " + scanned + " (pii: " + policyName + ")");
    }
    List<String> details = new ArrayList<>();
    kindsByChunk.forEach((where, kinds) -> details.add(where + ": " + kinds));
    kindsByImage.forEach((where, kinds) -> details.add(where + ": " + kinds));
    return CheckResult.of(
        NAME,
        false,
        "PII found in "
            + kindsByChunk.size()
            + " chunks"
            + (kindsByImage.isEmpty() ? "" : " and " + kindsByImage.size() + " OCR texts")
            + " "
            + byKind
            + " (pii: "
            + policyName
            + ")",
        details);
  }

  private static void scan(
      PiiScanner scanner,
      String text,
      String where,
      Map<PiiKind, Integer> byKind,
      Map<String, TreeSet<String>> kindsByPlace) {
    for (PiiFinding finding : scanner.scan(text)) {
      byKind.merge(finding.kind(), 1, Integer::sum);
      kindsByPlace.computeIfAbsent(where, k -> new TreeSet<>()).add(finding.kind().name());
    }
  }
}

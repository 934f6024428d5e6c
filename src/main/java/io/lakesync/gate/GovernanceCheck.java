package io.lakesync.gate;

import io.lakesync.config.PiiPolicy;
import io.lakesync.pii.PiiFinding;
import io.lakesync.pii.PiiKind;
import io.lakesync.pii.PiiScanner;
import io.lakesync.sync.EmbeddingRow;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * No PII in the table, unless the table's policy allows it. Under {@code redact} the sync masks PII
 * before storing, so finding any means the table was written by something else (or an older
 * lakesync): it fails just like under {@code block}. The report names paths, chunks and kinds; it
 * never repeats the values it found.
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
    for (EmbeddingRow row : rows) {
      // What the model embedded: the context (a title can carry PII too) and the chunk.
      for (PiiFinding finding : scanner.scan(row.embeddedText())) {
        byKind.merge(finding.kind(), 1, Integer::sum);
        kindsByChunk
            .computeIfAbsent(row.path() + " chunk " + row.chunk(), k -> new TreeSet<>())
            .add(finding.kind().name());
      }
    }
    String policyName = policy.yamlName();
    if (byKind.isEmpty()) {
      return CheckResult.pass(
          NAME, "no PII in " + rows.size() + " chunks (pii: " + policyName + ")");
    }
    List<String> details =
        kindsByChunk.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    return CheckResult.of(
        NAME,
        false,
        "PII found in " + kindsByChunk.size() + " chunks " + byKind + " (pii: " + policyName + ")",
        details);
  }
}

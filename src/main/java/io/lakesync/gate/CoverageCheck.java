package io.lakesync.gate;

import io.lakesync.extract.ImageFormat;
import io.lakesync.sync.RowKey;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SourceObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Does the table cover the data it claims to represent? Per in-scope object at the data commit:
 * covered (a row made from this very version of it), skipped (a skip record for this version), or
 * missing. Rows whose path has no object are orphans; rows or records made from another version of
 * the object are stale. Objects that changed after the table's source commit are pending: the next
 * sync's work, not a defect. Images count like documents (an image with rows is covered, one the
 * sync skipped with a recorded reason is excluded); the summary states them apart.
 */
final class CoverageCheck {
  static final String NAME = "coverage";

  private CoverageCheck() {}

  static CheckResult run(
      double minCoverage,
      Collection<SourceObject> data,
      Set<String> pending,
      List<RowKey> rows,
      Map<String, SkipRecord> skips) {
    Map<String, String> checksums = new HashMap<>();
    data.stream()
        .filter(o -> !pending.contains(o.path()))
        .forEach(o -> checksums.put(o.path(), o.checksum()));
    Set<String> covered = new HashSet<>();
    Set<String> orphans = new TreeSet<>();
    Set<String> stale = new TreeSet<>();
    for (RowKey row : rows) {
      if (pending.contains(row.path())) {
        continue;
      }
      String checksum = checksums.get(row.path());
      if (checksum == null) {
        orphans.add(row.path());
      } else if (checksum.equals(row.objectChecksum())) {
        covered.add(row.path());
      } else {
        stale.add(row.path());
      }
    }
    Map<String, Integer> skippedByReason = new TreeMap<>();
    Set<String> skipped = new HashSet<>();
    for (SkipRecord skip : skips.values()) {
      String checksum = checksums.get(skip.path());
      if (checksum != null
          && checksum.equals(skip.objectChecksum())
          && !covered.contains(skip.path())) {
        skipped.add(skip.path());
        skippedByReason.merge(skip.reason(), 1, Integer::sum);
      }
    }
    List<String> missing =
        checksums.keySet().stream()
            .filter(p -> !covered.contains(p) && !skipped.contains(p) && !stale.contains(p))
            .sorted()
            .toList();
    int eligible = checksums.size() - skipped.size();
    double coverage = eligible == 0 ? 1.0 : (double) covered.size() / eligible;
    boolean passed = coverage >= minCoverage && orphans.isEmpty() && stale.isEmpty();

    // Images are told apart by extension, as the sync first tells them (it also sniffs content).
    long eligibleImages =
        checksums.keySet().stream()
            .filter(ImageFormat::isImagePath)
            .filter(p -> !skipped.contains(p))
            .count();
    long coveredImages = covered.stream().filter(ImageFormat::isImagePath).count();
    String images =
        eligibleImages == 0 && coveredImages == 0
            ? ""
            : String.format(Locale.ROOT, "; images %d of %d", coveredImages, eligibleImages);
    String summary =
        String.format(
            Locale.ROOT,
            "%.1f%% of objects covered (%d of %d%s; minimum %.1f%%), %d skipped%s, %d orphaned,"
                + " %d stale, %d pending",
            coverage * 100,
            covered.size(),
            eligible,
            images,
            minCoverage * 100,
            skipped.size(),
            skippedByReason.isEmpty() ? "" : " " + skippedByReason,
            orphans.size(),
            stale.size(),
            pending.size());
    List<String> details = new ArrayList<>();
    orphans.forEach(p -> details.add("orphan vectors: " + p + " (no such object)"));
    stale.forEach(p -> details.add("stale vectors: " + p + " (made from another version)"));
    missing.forEach(p -> details.add("no vectors: " + p));
    return CheckResult.of(NAME, passed, summary, details);
  }
}

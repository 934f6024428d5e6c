package io.lakesync.publish;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.testing.LakeFsTestRepository;
import java.util.List;

/** The one-table setup of the publish ITs: table {@code docs} over {@code docs/**} on main. */
final class DocsTable {
  private DocsTable() {}

  static String yaml(LakeFsTestRepository repo) {
    return "tables:\n  - name: docs\n    repository: "
        + repo.name()
        + "\n    branch: main\n    include: [\"docs/**\"]\n";
  }

  static TableConfig config(LakeFsTestRepository repo) {
    return LakesyncConfig.parse(yaml(repo)).tables().get(0);
  }

  static List<String> branches(LakeFsTestRepository repo) throws Exception {
    return repo.sdk().branches().listBranches(repo.name()).execute().getResults().stream()
        .map(b -> b.getId())
        .toList();
  }

  /** Short notes {@code docs/doc-<from>.md} … on main, uncommitted. */
  static void seed(LakeFsTestRepository repo, int from, int count) {
    String[] topics = {"backups", "billing", "passwords", "replicas", "quotas", "latency"};
    for (int i = from; i < from + count; i++) {
      repo.put(
          LakeFsTestRepository.MAIN,
          "docs/doc-" + i + ".md",
          "# Note "
              + i
              + "\n\nThis note explains "
              + topics[i % topics.length]
              + " for team "
              + i
              + ".\n\nIt also covers "
              + topics[(i + 1) % topics.length]
              + " in some detail.");
    }
  }
}

package io.lakesync.lakefs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A lakeFS commit as lakesync reads it: lineage lives in {@code metadata}, and a commit without
 * {@code parents} is a repository's first, empty commit.
 *
 * @param created when lakeFS made the commit (lakeFS keeps whole seconds)
 * @param metadata never null: lakeFS omits an empty map
 * @param parents never null; a merge commit has two
 */
public record LakeFsCommit(
    String id,
    String message,
    String committer,
    Instant created,
    Map<String, String> metadata,
    List<String> parents) {
  public LakeFsCommit {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    parents = parents == null ? List.of() : List.copyOf(parents);
  }
}

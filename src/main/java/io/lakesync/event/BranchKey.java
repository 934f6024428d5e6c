package io.lakesync.event;

import java.util.Objects;

/**
 * The key commit events are partitioned by: one branch of one repository. Each branch's syncs run
 * in order; different branches run in parallel across partitions and instances.
 */
public record BranchKey(String repository, String branch) {
  public BranchKey {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
  }

  /** {@code repository/branch}: neither part can contain a '/' in lakeFS. */
  @Override
  public String toString() {
    return repository + "/" + branch;
  }
}

package io.lakesync.publish;

/**
 * Staging branch names: deterministic from table and source commit, so a rerun after a crash finds
 * the branch the crashed run left behind. lakeFS branch names allow letters, digits, '-' and '_'
 * only (no '/').
 */
public final class StagingBranches {
  static final String PREFIX = "lakesync-";

  private StagingBranches() {}

  public static String name(String table, String sourceCommit) {
    return PREFIX + table + "-" + sourceCommit.substring(0, Math.min(12, sourceCommit.length()));
  }
}

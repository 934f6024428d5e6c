package io.lakesync.publish;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Staging branch names. Each sync attempt creates its own branch, {@code
 * lakesync-<table>-<commit12>-<epochSeconds>-<random6>}, and is the only one that writes to it: two
 * syncs of one table at once never share (or delete) each other's branch, and the loser of the
 * merge race sees an ordinary conflict. The commit prefix lets a rerun find a committed branch of
 * the same sync to merge instead of embedding again; the creation second lets a sweep tell an
 * orphan (a crashed run's branch) by its age without any state kept elsewhere. lakeFS branch names
 * allow letters, digits, '-' and '_' only.
 */
public final class StagingBranches {
  public static final String PREFIX = io.lakesync.event.CommitEvent.STAGING_BRANCH_PREFIX;
  private static final Pattern ATTEMPT =
      Pattern.compile("-([0-9a-f]{1,12})-(\\d{9,12})-([0-9a-f]{6})$");
  private static final Pattern LEGACY = Pattern.compile("-([0-9a-f]{12})$");

  /** A parsed staging branch name. {@code created} is empty for names of lakesync before 0.12. */
  public record Parsed(String table, String commitPrefix, Optional<Instant> created) {}

  private StagingBranches() {}

  /** A new attempt's branch, unique to it. */
  public static String newAttempt(String table, String sourceCommit, Instant now) {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return forTable(table, sourceCommit)
        + now.getEpochSecond()
        + "-"
        + HexFormat.of().formatHex(random);
  }

  /** The prefix every attempt of one table's sync to one commit starts with. */
  public static String forTable(String table, String sourceCommit) {
    return forTable(table) + commitPrefix(sourceCommit) + "-";
  }

  /** The prefix every staging branch of one table starts with. */
  public static String forTable(String table) {
    return PREFIX + table + "-";
  }

  /**
   * The staging branch's parts, when {@code branch} is one of the given table's staging branches
   * (either an attempt's, or the deterministic name lakesync used before attempts were unique).
   */
  public static Optional<Parsed> parse(String branch, String table) {
    String prefix = forTable(table);
    if (!branch.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = branch.substring(prefix.length() - 1);
    Matcher attempt = ATTEMPT.matcher(rest);
    if (attempt.matches()) {
      return Optional.of(
          new Parsed(
              table,
              attempt.group(1),
              Optional.of(Instant.ofEpochSecond(Long.parseLong(attempt.group(2))))));
    }
    Matcher legacy = LEGACY.matcher(rest);
    if (legacy.matches()) {
      return Optional.of(new Parsed(table, legacy.group(1), Optional.empty()));
    }
    return Optional.empty();
  }

  private static String commitPrefix(String sourceCommit) {
    return sourceCommit.substring(0, Math.min(12, sourceCommit.length()));
  }
}

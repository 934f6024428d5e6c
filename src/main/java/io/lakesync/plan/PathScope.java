package io.lakesync.plan;

import java.util.List;

/**
 * Which object paths a table covers: any include glob matches and no exclude glob does. Paths that
 * lakesync itself writes (the table's own directory) and lakeFS action definitions are never in
 * scope, whatever the globs say, so a sync can never feed on its own output.
 */
public final class PathScope {
  private static final String ACTIONS_PREFIX = "_lakefs_actions/";

  private final List<PathGlob> includes;
  private final List<PathGlob> excludes;
  private final String tableDirectory;

  public PathScope(List<String> includes, List<String> excludes, String tablePath) {
    this.includes = includes.stream().map(PathGlob::compile).toList();
    this.excludes = excludes.stream().map(PathGlob::compile).toList();
    this.tableDirectory = tablePath.endsWith("/") ? tablePath : tablePath + "/";
  }

  public boolean contains(String path) {
    if (path.startsWith(tableDirectory) || path.startsWith(ACTIONS_PREFIX)) {
      return false;
    }
    return includes.stream().anyMatch(g -> g.matches(path))
        && excludes.stream().noneMatch(g -> g.matches(path));
  }

  /**
   * The longest literal directory every include starts with, to narrow lakeFS diffs; empty when the
   * includes share none.
   */
  public String commonPrefix() {
    String common = null;
    for (PathGlob include : includes) {
      String literal = literalDirectory(include.toString());
      common = common == null ? literal : sharedDirectory(common, literal);
    }
    return common == null ? "" : common;
  }

  private static String literalDirectory(String glob) {
    int wildcard = glob.length();
    for (char c : new char[] {'*', '?'}) {
      int at = glob.indexOf(c);
      if (at >= 0) {
        wildcard = Math.min(wildcard, at);
      }
    }
    return glob.substring(0, glob.lastIndexOf('/', wildcard - 1) + 1);
  }

  private static String sharedDirectory(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return a.substring(0, a.lastIndexOf('/', i - 1) + 1);
  }
}

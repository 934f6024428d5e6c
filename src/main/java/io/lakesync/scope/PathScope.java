package io.lakesync.scope;

import java.util.List;

/**
 * Which object paths a table covers: any include glob matches and no exclude glob does. Paths that
 * lakesync itself writes (the table's directories) and lakeFS action definitions are never in
 * scope, whatever the globs say, so a sync can never feed on its own output.
 */
public final class PathScope {
  private static final String ACTIONS_PREFIX = "_lakefs_actions/";

  private final List<PathGlob> includes;
  private final List<PathGlob> excludes;
  private final List<String> ownDirectories;

  /**
   * @param ownPaths directories lakesync writes (the vector table, its skip records)
   */
  public PathScope(List<String> includes, List<String> excludes, List<String> ownPaths) {
    this.includes = includes.stream().map(PathGlob::compile).toList();
    this.excludes = excludes.stream().map(PathGlob::compile).toList();
    this.ownDirectories = ownPaths.stream().map(p -> p.endsWith("/") ? p : p + "/").toList();
  }

  public boolean contains(String path) {
    if (path.startsWith(ACTIONS_PREFIX) || ownDirectories.stream().anyMatch(path::startsWith)) {
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

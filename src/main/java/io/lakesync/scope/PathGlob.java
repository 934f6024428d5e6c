package io.lakesync.scope;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A gitignore-style glob over object paths: {@code *} and {@code ?} stay inside one path segment,
 * {@code **} crosses segments, and {@code **}{@code /} also matches no directory at all, so {@code
 * **}{@code /*.md} matches {@code README.md} as well as {@code docs/a/b.md}. (Java's {@code glob:}
 * matcher does not, which surprises users writing such patterns.)
 */
public final class PathGlob {
  private final String glob;
  private final Pattern regex;

  private PathGlob(String glob, Pattern regex) {
    this.glob = glob;
    this.regex = regex;
  }

  public static PathGlob compile(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isBlank()) {
      throw new IllegalArgumentException("a glob must not be blank");
    }
    if (glob.startsWith("/")) {
      throw new IllegalArgumentException(
          "globs match paths relative to the repository root; drop the leading '/': " + glob);
    }
    return new PathGlob(glob, Pattern.compile(toRegex(glob)));
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  private static String toRegex(String glob) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        out.append("(?:.*/)?");
        i += 3;
      } else if (glob.startsWith("**", i)) {
        out.append(".*");
        i += 2;
      } else if (c == '*') {
        out.append("[^/]*");
        i++;
      } else if (c == '?') {
        out.append("[^/]");
        i++;
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return glob;
  }
}

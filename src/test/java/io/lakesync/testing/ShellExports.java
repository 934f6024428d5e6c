package io.lakesync.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code export A=1 B=2} line the local scripts print for {@code eval}. */
public final class ShellExports {
  private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)=(\\S+)");

  private ShellExports() {}

  public static Map<String, String> parse(String stdout) {
    String line =
        stdout
            .lines()
            .filter(l -> l.startsWith("export "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no export line in: " + stdout));
    Map<String, String> vars = new HashMap<>();
    Matcher m = ASSIGNMENT.matcher(line);
    while (m.find()) {
      vars.put(m.group(1), m.group(2));
    }
    return vars;
  }
}

package io.lakesync.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock milliseconds of consecutive phases, for status records and benchmarks. */
public final class Phases {
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private long mark = System.nanoTime();

  /** Ends the current phase under {@code name} and starts the next one. */
  public void end(String name) {
    long now = System.nanoTime();
    millis.merge(name, (now - mark) / 1_000_000, Long::sum);
    mark = now;
  }

  /** Adds {@code ms} measured elsewhere under {@code name}; the current phase goes on. */
  public void record(String name, long ms) {
    millis.merge(name, ms, Long::sum);
  }

  public Map<String, Long> done() {
    return Map.copyOf(millis);
  }
}

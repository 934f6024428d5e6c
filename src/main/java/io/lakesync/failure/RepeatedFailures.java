package io.lakesync.failure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which failures of a periodic task are worth a log line: the first, one whose reason
 * changed, and the recovery — not the same warning every ten seconds for as long as an outage or a
 * deleted branch lasts. The state itself stays visible where it belongs (metrics, status page).
 */
public final class RepeatedFailures {
  private final Map<String, String> failing = new ConcurrentHashMap<>();

  /** Records a failure of {@code key}; true when it is new or its reason changed. */
  public boolean failed(String key, String reason) {
    String normalised = reason == null ? "" : reason;
    return !normalised.equals(failing.put(key, normalised));
  }

  /** Records a success of {@code key}; true when it was failing until now. */
  public boolean succeeded(String key) {
    return failing.remove(key) != null;
  }
}

package io.lakesync.embed;

/** What every DJL model in lakesync shares: the engine, and no network. */
final class DjlSettings {
  static final String ENGINE = "OnnxRuntime";

  private DjlSettings() {}

  /**
   * DJL phones home (telemetry, instance metadata) unless told not to. lakesync runs where the
   * network may be closed and must never download: force both off unless the operator decided.
   */
  static void offline() {
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.offline", "true");
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null && System.getenv(property) == null) {
      System.setProperty(property, value);
    }
  }
}

package io.lakesync.util;

import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for lakesync's helper pools: a helper pool must never keep the JVM alive
 * after the component that owns it has stopped, and a name makes thread dumps readable.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}

package io.lakesync.service;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a starting service has opened so far. If the start fails halfway, closing this closes each
 * resource in reverse order of opening (a failure to close one is logged, never hides the start's
 * own failure); once the service runs, {@link #keep()} hands them to it and closing does nothing.
 */
final class StartupResources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StartupResources.class);

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  /** The start succeeded: the service owns the resources now. */
  void keep() {
    opened.clear();
  }

  @Override
  public void close() {
    while (!opened.isEmpty()) {
      AutoCloseable resource = opened.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn(
            "could not close {} after a failed start: {}",
            resource.getClass().getSimpleName(),
            e.toString());
      }
    }
  }
}

package io.lakesync.bench.images;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use over a stretch of work: the peak of the heap pools (what the heap reached, garbage
 * included, as benchmark (d) reports it) and the most the heap held right after any collection (an
 * upper bound of what was live).
 */
final class HeapWatch implements AutoCloseable {
  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong fullCollections = new AtomicLong();
  private final NotificationListener listener = this::collected;

  HeapWatch() {
    System.gc();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  private void collected(Notification notification, Object handback) {
    if (!notification
        .getType()
        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    if (!info.getGcAction().equals("end of major GC")) {
      return;
    }
    fullCollections.incrementAndGet();
    long after = 0;
    for (MemoryPoolMXBean pool : pools) {
      MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
      after += usage == null ? 0 : usage.getUsed();
    }
    maxAfterGc.accumulateAndGet(after, Math::max);
  }

  /** The heap pools' summed peaks since this watch started, in MiB. */
  double peakMiB() {
    return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
  }

  /** The most the heap held after a full collection since this watch started, in MiB. */
  double maxAfterGcMiB() {
    return maxAfterGc.get() / 1048576.0;
  }

  /** Full collections since this watch started (not counting its own at the start). */
  long fullCollections() {
    return fullCollections.get();
  }

  @Override
  public void close() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      try {
        ((NotificationEmitter) gc).removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Never added: nothing to remove.
      }
    }
  }
}

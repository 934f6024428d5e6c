package io.lakesync.sync;

import io.lakesync.util.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * Runs a sequence of reads on one background thread, at most {@code depth} ahead of the consumer: a
 * sync reads and extracts the next objects while it embeds and writes the ones before, and what is
 * read ahead stays bounded. Results come in order; a read's failure is thrown where its result is
 * taken. The reads run one after another on the same thread, so they may share state.
 */
final class ReadAhead<T> implements AutoCloseable {
  /** One read of the sequence. */
  @FunctionalInterface
  interface Read<T> {
    T read(int index) throws IOException;
  }

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("lakesync-read-ahead"));
  private final Deque<Future<T>> pending = new ArrayDeque<>();
  private final Read<T> read;
  private final int count;
  private int submitted;

  ReadAhead(int count, int depth, Read<T> read) {
    this.read = read;
    this.count = count;
    for (int i = 0; i < Math.min(depth, count); i++) {
      submitNext();
    }
  }

  boolean hasNext() {
    return !pending.isEmpty();
  }

  /** The next read's result, waiting for it when it is not done yet. */
  T next() throws IOException {
    Future<T> next = pending.removeFirst();
    if (submitted < count) {
      submitNext();
    }
    try {
      return next.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading ahead failed", e.getCause());
    }
  }

  private void submitNext() {
    int index = submitted++;
    Callable<T> task = () -> read.read(index);
    pending.addLast(thread.submit(task));
  }

  @Override
  public void close() {
    pending.forEach(f -> f.cancel(true));
    thread.shutdownNow();
  }

  /**
   * Consecutive sublists of {@code items}, each closed at {@code maxCount} items or once its sizes
   * reach {@code maxBytes}, whichever comes first; an item larger than {@code maxBytes} is a window
   * of its own. Bounding by bytes as well as by count keeps what is read ahead small when the
   * objects are large (eight 20 MB objects per window would hold 320 MB).
   */
  static <E> List<List<E>> windows(
      List<E> items, int maxCount, long maxBytes, ToLongFunction<E> sizeOf) {
    List<List<E>> windows = new ArrayList<>();
    int start = 0;
    long bytes = 0;
    for (int i = 0; i < items.size(); i++) {
      long size = Math.max(0, sizeOf.applyAsLong(items.get(i)));
      if (i > start && (i - start == maxCount || bytes + size > maxBytes)) {
        windows.add(items.subList(start, i));
        start = i;
        bytes = 0;
      }
      bytes += size;
    }
    if (start < items.size()) {
      windows.add(items.subList(start, items.size()));
    }
    return windows;
  }
}

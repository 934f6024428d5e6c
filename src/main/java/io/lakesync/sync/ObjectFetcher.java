package io.lakesync.sync;

import io.lakesync.extract.Extraction;
import io.lakesync.extract.SkipReason;
import io.lakesync.extract.TextExtractor;
import io.lakesync.util.DaemonThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads and extracts objects with bounded concurrency and bounded memory: {@value #THREADS}
 * threads, {@value #WINDOW} objects in flight, so at most {@code WINDOW × max_object_bytes} of raw
 * content is held at once. Objects over the size limit are never downloaded. Results come back in
 * input order, so the sync stays deterministic.
 */
final class ObjectFetcher implements AutoCloseable {
  static final int THREADS = 4;
  static final int WINDOW = 8;

  /** One object's extraction result. */
  record Fetched(SourceObject object, Extraction extraction) {}

  private final ObjectSource source;
  private final TextExtractor extractor;
  private final long maxObjectBytes;
  private final ExecutorService pool;

  ObjectFetcher(ObjectSource source, TextExtractor extractor, long maxObjectBytes) {
    this.source = source;
    this.extractor = extractor;
    this.maxObjectBytes = maxObjectBytes;
    this.pool = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("lakesync-fetch"));
  }

  List<Fetched> fetch(String commit, List<SourceObject> window) throws IOException {
    List<Future<Fetched>> futures = new ArrayList<>(window.size());
    for (SourceObject object : window) {
      futures.add(pool.submit(() -> fetchOne(commit, object)));
    }
    List<Fetched> results = new ArrayList<>(window.size());
    try {
      for (Future<Fetched> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      throw new InterruptedIOException("interrupted while reading objects at " + commit);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("reading objects at " + commit + " failed", e.getCause());
    }
    return results;
  }

  private Fetched fetchOne(String commit, SourceObject object) throws IOException {
    if (object.sizeBytes() > maxObjectBytes) {
      return new Fetched(
          object,
          Extraction.skipped(
              SkipReason.TOO_LARGE,
              object.sizeBytes() + " bytes > max_object_bytes " + maxObjectBytes));
    }
    return new Fetched(
        object, extractor.extract(object.path(), source.read(commit, object.path())));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

package io.lakesync.sync;

import io.lakesync.extract.Extraction;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.OcrResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and extracts objects with bounded concurrency and bounded memory: {@value #THREADS}
 * threads, {@value #WINDOW} objects in flight, so at most {@code WINDOW × max_object_bytes} of raw
 * content is held at once. Objects over the size limit are never downloaded. Results come back in
 * input order, so the sync stays deterministic. Images are decoded (within bounds) and read by OCR
 * here too, on the same threads: OCR is the slow part of an image.
 */
final class ObjectFetcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectFetcher.class);

  static final int THREADS = 4;
  static final int WINDOW = 8;

  /**
   * One object's extraction result; {@code ocrText} is the text read in a decoded image, else
   * empty, and {@code ocrFailed} says OCR did not finish (its empty text is no reading).
   */
  record Fetched(SourceObject object, Extraction extraction, String ocrText, boolean ocrFailed) {
    Fetched(SourceObject object, Extraction extraction) {
      this(object, extraction, "", false);
    }
  }

  private final ObjectSource source;
  private final TextExtractor extractor;
  private final long maxObjectBytes;
  private final Ocr ocr;
  private final ExecutorService pool;

  /**
   * @param ocr reads decoded images; null when the table does not index images
   */
  ObjectFetcher(ObjectSource source, TextExtractor extractor, long maxObjectBytes, Ocr ocr) {
    this.source = source;
    this.extractor = extractor;
    this.maxObjectBytes = maxObjectBytes;
    this.ocr = ocr;
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
    Extraction extraction = extractor.extract(object.path(), source.read(commit, object.path()));
    if (extraction instanceof Extraction.Image image && ocr != null) {
      OcrResult read = ocr.read(image.image());
      if (read instanceof OcrResult.Failed failed) {
        // The image keeps its vector and labels: a failed OCR is no reason to lose it.
        LOG.warn("OCR of {} at {} failed: {}", object.path(), commit, failed.detail());
      }
      return new Fetched(object, extraction, read.textOrEmpty(), read instanceof OcrResult.Failed);
    }
    return new Fetched(object, extraction);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

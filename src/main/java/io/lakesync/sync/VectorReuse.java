package io.lakesync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one run of a sync finds the vectors it need not compute, without a lookup that grows with
 * what the run has written: a backfill that scanned its own growing table once per batch spent time
 * and memory quadratic in its size.
 *
 * <p>A chunk's vector is looked up, in order, among
 *
 * <ol>
 *   <li>the vectors of the run's latest batches, held in memory up to {@link #RECENT_BYTES} (a
 *       repeated header or a copied file repeats soon);
 *   <li>the table as it was when the run began ({@code before}: a fixed version, so the lookup does
 *       not grow as the run writes; nothing at all for a new table);
 *   <li>the rows this run wrote ({@code written}), only for the hashes it may have written (a
 *       {@link HashPrefixes} says) and did not find above: rare, so the scan it costs is too.
 * </ol>
 *
 * Whatever is found is the vector a model call would give for the same text and model, so where it
 * came from never changes a row; only {@code reused} counts depend on it.
 */
final class VectorReuse {
  /** What the recent vectors may hold: about 20,000 vectors of 384 dimensions. */
  static final long RECENT_BYTES = 32L << 20;

  /** A map entry's own cost besides the vector: key string, node, array header. */
  private static final int ENTRY_OVERHEAD = 200;

  private final VectorLookup before;
  private final VectorLookup written;
  private final String modelStamp;
  private final HashPrefixes writtenHashes = new HashPrefixes();
  private final Recent recent;
  private long lookupsOfWritten;

  /**
   * @param before the table when the run began
   * @param written the table as the run writes it; {@link VectorLookup#NONE} when the run's rows go
   *     elsewhere (a shard's data files), which then re-embeds a text it no longer holds
   */
  VectorReuse(VectorLookup before, VectorLookup written, String modelStamp) {
    this(before, written, modelStamp, RECENT_BYTES);
  }

  VectorReuse(VectorLookup before, VectorLookup written, String modelStamp, long recentBytes) {
    this.before = before;
    this.written = written;
    this.modelStamp = modelStamp;
    this.recent = new Recent(recentBytes);
  }

  /** The vectors found for these distinct hashes; the rest must be embedded. */
  Map<String, float[]> find(Collection<String> hashes) {
    Map<String, float[]> found = new HashMap<>();
    List<String> rest = new ArrayList<>();
    for (String hash : hashes) {
      float[] vector = recent.get(hash);
      if (vector != null) {
        found.put(hash, vector);
      } else {
        rest.add(hash);
      }
    }
    if (!rest.isEmpty()) {
      found.putAll(before.vectorsByTextHash(rest, modelStamp));
    }
    List<String> maybeWritten =
        rest.stream().filter(h -> !found.containsKey(h) && writtenHashes.mightContain(h)).toList();
    if (!maybeWritten.isEmpty()) {
      lookupsOfWritten++;
      found.putAll(written.vectorsByTextHash(maybeWritten, modelStamp));
    }
    return found;
  }

  /** A batch's vectors, by hash, now written: later batches find them. */
  void written(Map<String, float[]> vectors) {
    vectors.forEach(
        (hash, vector) -> {
          writtenHashes.add(hash);
          recent.put(hash, vector);
        });
  }

  /** Lookups among the rows this run wrote: the scans the in-memory steps did not save. */
  long lookupsOfWritten() {
    return lookupsOfWritten;
  }

  /** The latest vectors, least recently used out first once they pass the byte bound. */
  private static final class Recent extends LinkedHashMap<String, float[]> {
    private static final long serialVersionUID = 1L;
    private final long bound;
    private long bytes;

    Recent(long bound) {
      super(1024, 0.75f, true);
      this.bound = bound;
    }

    @Override
    public float[] put(String hash, float[] vector) {
      float[] old = super.put(hash, vector);
      if (old == null) {
        bytes += cost(vector);
      }
      return old;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      if (bytes > bound && size() > 1) {
        bytes -= cost(eldest.getValue());
        return true;
      }
      return false;
    }

    private static long cost(float[] vector) {
      return 4L * vector.length + ENTRY_OVERHEAD;
    }
  }
}

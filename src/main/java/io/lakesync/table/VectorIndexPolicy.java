package io.lakesync.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.index.DistanceType;
import org.lance.index.Index;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.OptimizeOptions;
import org.lance.index.vector.HnswBuildParams;
import org.lance.index.vector.IvfBuildParams;
import org.lance.index.vector.SQBuildParams;
import org.lance.index.vector.VectorIndexParams;

/**
 * When and how a table gets its vector index. Small tables are searched exhaustively (exact and
 * fast enough); from {@code minRows} on, an IVF_HNSW_SQ index is built once and then optimised
 * after each sync, which indexes only the new rows. IVF_HNSW_SQ because on 2 cores it built in 7-8
 * s for 20 k x 384 with recall@10 >= 0.94, where IVF_PQ took ~60 s and needed refinement. It runs
 * on the staging branch, never on what readers see.
 *
 * <p><b>Every build is bounded.</b> Lance's IVF build shuffles all the vectors it indexes in memory
 * before it writes a partition (its shuffler flushes every 4,096 batches, more than a million-row
 * table has), so the first build of a million 384-float rows needed well over 1.5 GB of native
 * memory and was OOM-killed in a 2 GiB pod. No build here covers more than {@link #maxBuildRows}
 * rows ({@value #MAX_BUILD_BYTES} bytes of vectors): a sync that grows a table indexes it as it
 * goes ({@link #maintainWhileGrowing}, after a batch, once half that many rows are outside the
 * index), and segments are merged only while the merged segment stays within the bound. A very
 * large table therefore keeps a few segments of that size, each searched; a merge never rewrites
 * the table.
 */
public final class VectorIndexPolicy {
  public static final String INDEX_NAME = "vector_idx";
  public static final VectorIndexPolicy NEVER = new VectorIndexPolicy(Long.MAX_VALUE);

  /** Index segments (the build and one delta per sync) before they are merged into one. */
  static final int MAX_SEGMENTS = 8;

  /** The vectors one build may shuffle in memory: 256 MiB, about 175,000 rows of 384 floats. */
  static final long MAX_BUILD_BYTES = 256L << 20;

  private final long minRows;
  private final long maxBuildBytes;

  public VectorIndexPolicy(long minRows) {
    this(minRows, MAX_BUILD_BYTES);
  }

  /** With another bound on one build's vectors, for tests of tables a few hundred rows big. */
  VectorIndexPolicy(long minRows, long maxBuildBytes) {
    this.minRows = minRows;
    this.maxBuildBytes = maxBuildBytes;
  }

  /** Builds or updates the index when the table is big enough; true when it did either. */
  public boolean maintain(Dataset table) {
    long rows = table.countRows();
    if (rows < minRows) {
      return false;
    }
    if (!table.listIndexes().contains(INDEX_NAME)) {
      build(table, rows);
    } else {
      table.optimizeIndices(
          optimizeOptions(
              segmentRows(table),
              IndexCoverage.uncoveredRows(table, INDEX_NAME),
              maxBuildRows(table)));
    }
    return true;
  }

  /**
   * Between two batches of a sync: indexes what the table gained once half a bound's rows are
   * outside the index, so no later build (the first included) has to take more. True when it
   * committed.
   */
  public boolean maintainWhileGrowing(Dataset table) {
    long outside =
        table.listIndexes().contains(INDEX_NAME)
            ? IndexCoverage.uncoveredRows(table, INDEX_NAME)
            : table.countRows();
    if (outside < maxBuildRows(table) / 2) {
      return false;
    }
    return maintain(table);
  }

  private static void build(Dataset table, long rows) {
    table.createIndex(
        IndexOptions.builder(
                List.of(LanceTables.VECTOR_COLUMN),
                IndexType.IVF_HNSW_SQ,
                IndexParams.builder().setVectorIndexParams(params(rows)).build())
            .withIndexName(INDEX_NAME)
            .replace(true)
            .build());
  }

  /**
   * Indexes the rows the index does not cover yet, at a cost that follows the sync, not the table.
   * Lance's default (no count given) adds a delta segment per optimisation, but whenever a
   * partition has grown past its split size it merges every segment into one: a rewrite of the
   * whole index, HNSW graphs included, inside whichever sync trips it (measured: 5 s at 20 k rows,
   * see docs/benchmarks.md "issue 16" for a million), and between splits the deltas pile up without
   * bound, each one read by every search. Instead each sync adds a small delta over its own rows,
   * reusing the trained centroids; once there are {@value #MAX_SEGMENTS} segments the newest ones
   * are merged with it into one, as many as fit {@code maxBuildRows} with the new rows (Lance
   * merges the newest segments). The first build is never rewritten by a sync; a full rebuild of
   * the table builds a fresh index.
   *
   * @param segmentRows the rows each segment covers, oldest first
   */
  static OptimizeOptions optimizeOptions(List<Long> segmentRows, long newRows, long maxBuildRows) {
    int merge = 0;
    if (segmentRows.size() >= MAX_SEGMENTS) {
      long rows = newRows;
      // Never the first build (index 0): it is the one trained on the most rows.
      for (int i = segmentRows.size() - 1; i >= 1; i--) {
        rows += segmentRows.get(i);
        if (rows > maxBuildRows) {
          break;
        }
        merge++;
      }
      if (merge < 2) {
        merge = 0; // merging one segment with the new rows would only rewrite it
      }
    }
    return OptimizeOptions.builder()
        .indexNames(List.of(INDEX_NAME))
        .numIndicesToMerge(merge)
        .build();
  }

  /** The rows each segment of the vector index covers (deleted ones included), oldest first. */
  static List<Long> segmentRows(Dataset table) {
    Map<Integer, Long> rowsByFragment = new HashMap<>();
    for (Fragment fragment : table.getFragments()) {
      rowsByFragment.put(fragment.getId(), fragment.metadata().getPhysicalRows());
    }
    List<Long> rows = new ArrayList<>();
    for (Index index : table.getIndexes()) {
      if (index.name().equals(INDEX_NAME)) {
        rows.add(
            index.fragments().orElse(List.of()).stream()
                .mapToLong(id -> rowsByFragment.getOrDefault(id, 0L))
                .sum());
      }
    }
    return rows;
  }

  /** The most rows one build may take: {@code maxBuildBytes} of this table's vectors. */
  long maxBuildRows(Dataset table) {
    return maxBuildRows(
        table.getSchema().findField(LanceTables.VECTOR_COLUMN).getType()
                instanceof ArrowType.FixedSizeList list
            ? list.getListSize()
            : 384);
  }

  /** As above, for vectors of {@code dimension} floats. */
  long maxBuildRows(int dimension) {
    return maxBuildBytes / (4L * dimension);
  }

  private static VectorIndexParams params(long rows) {
    // About one partition per 8 k rows: HNSW does the fine search inside each partition.
    int partitions = (int) Math.max(1, Math.min(256, rows / 8192 + 1));
    return VectorIndexParams.withIvfHnswSqParams(
        DistanceType.Cosine,
        new IvfBuildParams.Builder().setNumPartitions(partitions).build(),
        new HnswBuildParams.Builder().build(),
        new SQBuildParams.Builder().build());
  }
}

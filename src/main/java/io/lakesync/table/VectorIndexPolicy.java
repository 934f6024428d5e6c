package io.lakesync.table;

import java.util.List;
import org.lance.Dataset;
import org.lance.index.DistanceType;
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
 */
public final class VectorIndexPolicy {
  public static final String INDEX_NAME = "vector_idx";
  public static final VectorIndexPolicy NEVER = new VectorIndexPolicy(Long.MAX_VALUE);

  /** Index segments (the build and one delta per sync) before they are merged into one. */
  static final int MAX_SEGMENTS = 8;

  private final long minRows;

  public VectorIndexPolicy(long minRows) {
    this.minRows = minRows;
  }

  /** Builds or updates the index when the table is big enough; true when it did either. */
  public boolean maintain(Dataset table) {
    long rows = table.countRows();
    if (rows < minRows) {
      return false;
    }
    if (table.listIndexes().contains(INDEX_NAME)) {
      table.optimizeIndices(optimizeOptions(segments(table)));
    } else {
      table.createIndex(
          IndexOptions.builder(
                  List.of(LanceTables.VECTOR_COLUMN),
                  IndexType.IVF_HNSW_SQ,
                  IndexParams.builder().setVectorIndexParams(params(rows)).build())
              .withIndexName(INDEX_NAME)
              .replace(true)
              .build());
    }
    return true;
  }

  /**
   * Indexes the rows the index does not cover yet, at a cost that follows the sync, not the table.
   * Lance's default (no count given) adds a delta segment per optimisation, but whenever a
   * partition has grown past its split size it merges every segment into one: a rewrite of the
   * whole index, HNSW graphs included, inside whichever sync trips it (measured: 5 s at 20 k rows,
   * see docs/benchmarks.md "issue 16" for a million), and between splits the deltas pile up without
   * bound, each one read by every search. Instead each sync adds a small delta over its own rows,
   * reusing the trained centroids; once there are {@value #MAX_SEGMENTS} segments the deltas (the
   * newest: everything but the first build) are merged into one. The first build is never rewritten
   * by a sync; a full rebuild of the table builds a fresh index.
   */
  static OptimizeOptions optimizeOptions(long segments) {
    return OptimizeOptions.builder()
        .indexNames(List.of(INDEX_NAME))
        .numIndicesToMerge(segments < MAX_SEGMENTS ? 0 : (int) segments - 1)
        .build();
  }

  /** The segments (the first build and its deltas) the vector index has now. */
  static long segments(Dataset table) {
    return table.getIndexes().stream().filter(i -> i.name().equals(INDEX_NAME)).count();
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

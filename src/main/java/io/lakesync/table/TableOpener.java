package io.lakesync.table;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.TableConfig;
import java.util.function.ToIntFunction;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Opens the Lance tables of a configured table at any ref of its repository: the embeddings at
 * {@link TableConfig#path()} and the skip records at {@link TableConfig#skippedPath()}, with the
 * configured model's vector dimension. The publisher, the quality gate, search and the lag probe
 * all open tables here, so a location and its settings are worked out in one place.
 */
public final class TableOpener {
  private final LanceTables lance;
  private final BufferAllocator allocator;
  private final ToIntFunction<TableConfig> dimension;

  /**
   * @param dimension the length of the configured model's vectors, for every table
   */
  public TableOpener(BufferAllocator allocator, LakeFsSettings settings, int dimension) {
    this(allocator, settings, table -> dimension);
  }

  /**
   * @param dimension the length of the vectors of the model a table is configured with
   */
  public TableOpener(
      BufferAllocator allocator, LakeFsSettings settings, ToIntFunction<TableConfig> dimension) {
    this.lance = new LanceTables(allocator, settings);
    this.allocator = allocator;
    this.dimension = dimension;
  }

  /** The same tables, read with other credentials: a search caller's own, say. */
  public TableOpener as(LakeFsSettings caller) {
    return new TableOpener(allocator, caller, dimension);
  }

  /**
   * The table's embeddings at {@code ref}. Only a write builds a vector index, with the table's
   * {@code index_min_rows}; reading is the same whatever the policy.
   */
  public EmbeddingTable embeddingsAt(TableConfig table, String ref) {
    return new EmbeddingTable(
        lance,
        allocator,
        new LanceLocation(table.repository(), ref, table.path()),
        dimension.applyAsInt(table),
        new VectorIndexPolicy(table.indexMinRows()));
  }

  /** The objects the table skipped, as recorded at {@code ref}. */
  public SkipTable skipsAt(TableConfig table, String ref) {
    return new SkipTable(
        lance, allocator, new LanceLocation(table.repository(), ref, table.skippedPath()));
  }
}

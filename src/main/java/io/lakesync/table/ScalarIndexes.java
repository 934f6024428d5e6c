package io.lakesync.table;

import java.util.List;
import org.lance.Dataset;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.BTreeIndexParams;

/**
 * B-tree indexes on a lakesync table's {@code id} and {@code path}: the columns a sync looks rows
 * up by to replace them ({@link RowReplacement}). Without them every sync scans both columns of the
 * whole table; with them it reads a few index pages and the fragments the indexes do not cover yet.
 * Built once the table has {@link #MIN_ROWS} rows (below that the scan takes milliseconds), and
 * rewritten when the rows they do not cover pass {@link IndexCoverage#due}; Lance remaps them when
 * it compacts the table, like every other index. Not on {@code text_sha256}: its B-tree (random
 * 64-character keys) failed to build at a million rows inside Lance's 100 MB sort pool ("Resources
 * exhausted … ExternalSorterMerge"); a sync looks hashes up in the table as it began, once a batch,
 * which a scan of that column answers.
 */
public final class ScalarIndexes {
  /** The indexed columns. */
  static final List<String> COLUMNS = List.of(LanceTables.ID_COLUMN, EmbeddingSchema.PATH);

  /** Rows from which the indexes are worth having. */
  public static final long MIN_ROWS = 10_000;

  private ScalarIndexes() {}

  static String indexName(String column) {
    return column + "_idx";
  }

  /** Creates the indexes once the table is big enough, updates them when due; true on a commit. */
  public static boolean maintain(Dataset table) {
    return maintain(table, MIN_ROWS);
  }

  static boolean maintain(Dataset table, long minRows) {
    boolean rewritten =
        IndexCoverage.rewriteDue(table, COLUMNS.stream().map(ScalarIndexes::indexName).toList());
    // Listed after the rewrite: an index the rewrite touched still exists under its name.
    List<String> existing = table.listIndexes();
    boolean created = false;
    if (table.countRows() >= minRows) {
      for (String column : COLUMNS) {
        if (!existing.contains(indexName(column))) {
          table.createIndex(
              IndexOptions.builder(
                      List.of(column),
                      IndexType.BTREE,
                      IndexParams.builder()
                          .setScalarIndexParams(BTreeIndexParams.builder().build())
                          .build())
                  .withIndexName(indexName(column))
                  .replace(true)
                  .build());
          created = true;
        }
      }
    }
    return created || rewritten;
  }
}

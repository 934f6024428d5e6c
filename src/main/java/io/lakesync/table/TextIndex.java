package io.lakesync.table;

import java.util.List;
import org.lance.Dataset;
import org.lance.index.IndexOptions;
import org.lance.index.IndexParams;
import org.lance.index.IndexType;
import org.lance.index.scalar.InvertedIndexParams;

/**
 * The full-text (inverted, BM25) indexes of a lakesync table, on the chunk's {@code text} and its
 * {@code context}, maintained by Lance itself in the same staging commit as the rows: created with
 * the table, then brought up to date when the rows it does not cover are due ({@link
 * IndexCoverage#due}: 1 % of the rows it does). Rows not indexed yet are still searched, by a flat
 * search of their fragments. Unlike the vector index there is no size threshold: a full-text query
 * needs the index even on a small table.
 *
 * <p>Brought up to date means built again from the column, never Lance's incremental update ({@code
 * optimizeIndices}): in Lance 7.0.0, the newest Java release, that merge aborts the whole process
 * once rows were deleted and the table compacted (lance-format/lance#8310, fixed in 8.0.0): the
 * compaction's remap leaves the token set's next id stale, {@code InnerBuilder::merge_from} indexes
 * past its posting lists, and the panic cannot unwind through JNI. Every sync that replaces rows
 * deletes some, so a long-running service met it. A rebuild reads only the current rows and costs
 * more than the update did (at a million rows 17–24 s against 1.9 s, once per 1 % of the rows
 * changed); TextIndexTest reproduces the abort with the update.
 *
 * <p>English stemming and stop words, lower case, ASCII folding: "Backups" finds "backup", and
 * "the" matches nothing. Positions are not kept (no phrase queries), which keeps the index small.
 */
public final class TextIndex {
  /** The indexed columns and their index names; search reads the same list. */
  public static final List<String> COLUMNS = List.of(EmbeddingSchema.TEXT, EmbeddingSchema.CONTEXT);

  private TextIndex() {}

  static String indexName(String column) {
    return column + "_fts";
  }

  /** Creates the indexes, or builds again those that are due; true when it committed anything. */
  public static boolean maintain(Dataset table) {
    if (!LanceTables.columnNames(table).containsAll(COLUMNS)) {
      return false;
    }
    List<String> existing = table.listIndexes();
    boolean built = false;
    for (String column : COLUMNS) {
      String name = indexName(column);
      if (!existing.contains(name) || IndexCoverage.due(table, name)) {
        built = true;
        table.createIndex(
            IndexOptions.builder(
                    List.of(column),
                    IndexType.INVERTED,
                    IndexParams.builder().setScalarIndexParams(params()).build())
                .withIndexName(name)
                .replace(true)
                .build());
      }
    }
    return built;
  }

  /** Whether a table version can answer full-text queries (tables before 0.13 cannot). */
  public static boolean present(Dataset table) {
    return table.listIndexes().containsAll(COLUMNS.stream().map(TextIndex::indexName).toList());
  }

  private static org.lance.index.scalar.ScalarIndexParams params() {
    // Lance needs every tokenizer setting spelled out from Java (no defaults are filled in).
    return InvertedIndexParams.builder()
        .baseTokenizer("simple")
        .language("English")
        .maxTokenLength(40)
        .lowerCase(true)
        .stem(true)
        .removeStopWords(true)
        .asciiFolding(true)
        .withPosition(false)
        .build();
  }
}

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
 * search of their fragments. Lance rewrites the whole inverted index on each update (0.4 s at
 * 100,000 rows, 1.9 s at a million on 2 cores), which is why it is not updated after every sync.
 * Unlike the vector index there is no size threshold: a full-text query needs the index even on a
 * small table.
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

  /** Creates or updates the indexes; true when it committed anything. */
  public static boolean maintain(Dataset table) {
    if (!LanceTables.columnNames(table).containsAll(COLUMNS)) {
      return false;
    }
    boolean rewritten =
        IndexCoverage.rewriteDue(table, COLUMNS.stream().map(TextIndex::indexName).toList());
    // Listed after the rewrite: an index the rewrite touched still exists under its name.
    List<String> existing = table.listIndexes();
    boolean created = false;
    for (String column : COLUMNS) {
      if (!existing.contains(indexName(column))) {
        created = true;
        table.createIndex(
            IndexOptions.builder(
                    List.of(column),
                    IndexType.INVERTED,
                    IndexParams.builder().setScalarIndexParams(params()).build())
                .withIndexName(indexName(column))
                .replace(true)
                .build());
      }
    }
    return created || rewritten;
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

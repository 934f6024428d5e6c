package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingSchema;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceTables;
import io.lakesync.table.TableOpener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;

/**
 * Traceable search: resolve the ref to a commit ID first, open the table at that commit, embed the
 * query with the model the table records (refusing when it is not the configured one: mixing models
 * gives plausible, wrong answers), and return the commit with the hits. Searching the returned
 * commit later gives the same answer, because a commit's table never changes.
 */
public final class TableSearch {
  static final int MAX_K = 100;
  private static final List<String> COLUMNS =
      List.of(
          LanceTables.ID_COLUMN,
          EmbeddingSchema.PATH,
          EmbeddingSchema.CHUNK,
          EmbeddingSchema.START,
          EmbeddingSchema.END,
          EmbeddingSchema.TEXT,
          EmbeddingSchema.SOURCE_COMMIT);

  private final LakeFs lakeFs;
  private final TableOpener tables;
  private final TextEmbedder embedder;

  /**
   * @param tables opened with the credentials the answer may read with (behind the search endpoint,
   *     the caller's own)
   */
  public TableSearch(LakeFs lakeFs, TableOpener tables, TextEmbedder embedder) {
    this.lakeFs = lakeFs;
    this.tables = tables;
    this.embedder = embedder;
  }

  public SearchAnswer search(
      TableConfig table, String ref, String query, int k, Optional<String> pathPrefix)
      throws SearchException, IOException {
    if (query == null || query.isBlank()) {
      throw new SearchException("the query is empty");
    }
    if (k < 1 || k > MAX_K) {
      throw new SearchException("k must be between 1 and " + MAX_K + ": " + k);
    }
    String commit = resolve(table, ref);
    EmbeddingTable at = tableAt(table, commit);
    TableState state =
        at.state()
            .orElseThrow(
                () ->
                    new SearchException(
                        "no lakesync table "
                            + table.path()
                            + " at "
                            + ref
                            + (ref.equals(commit) ? "" : " (commit " + commit + ")")));
    if (!state.model().equals(embedder.model().stamp())) {
      throw new SearchException(
          "the table at "
              + commit
              + " was embedded with "
              + state.model()
              + ", but "
              + embedder.model().stamp()
              + " is configured: a query embedded with another model returns wrong neighbours;"
              + " search with the table's model");
    }
    float[] vector = embedder.embed(List.of(query)).get(0);
    List<SearchHit> hits = new ArrayList<>(k);
    String filter =
        pathPrefix
            .filter(p -> !p.isEmpty())
            .map(
                p ->
                    EmbeddingSchema.PATH
                        + " LIKE "
                        + LanceTables.sqlString(p.replace("%", "\\%").replace("_", "\\_") + "%"))
            .orElse(null);
    try (Dataset dataset = at.open().orElseThrow()) {
      LanceTables.nearestRows(
          dataset, vector, k, filter, COLUMNS, batch -> hits.addAll(hits(batch)));
    }
    return new SearchAnswer(table.name(), ref, commit, state.model(), query, k, hits);
  }

  /** A branch, tag or commit ID as the commit ID it names now. */
  public String resolve(TableConfig table, String ref) throws SearchException, IOException {
    return commit(table, ref).id();
  }

  LakeFsCommit commit(TableConfig table, String ref) throws SearchException, IOException {
    Optional<LakeFsCommit> commit = lakeFs.findCommit(table.repository(), ref);
    if (commit.isEmpty()) {
      throw new SearchException(
          "no branch, tag or commit '" + ref + "' in repository " + table.repository());
    }
    return commit.get();
  }

  EmbeddingTable tableAt(TableConfig table, String commit) {
    return tables.embeddingsAt(table, commit);
  }

  private static List<SearchHit> hits(VectorSchemaRoot batch) {
    List<SearchHit> hits = new ArrayList<>(batch.getRowCount());
    Float4Vector distance = (Float4Vector) batch.getVector(LanceTables.DISTANCE_COLUMN);
    for (int r = 0; r < batch.getRowCount(); r++) {
      hits.add(
          new SearchHit(
              utf8(batch, LanceTables.ID_COLUMN, r),
              utf8(batch, EmbeddingSchema.PATH, r),
              ((IntVector) batch.getVector(EmbeddingSchema.CHUNK)).get(r),
              ((IntVector) batch.getVector(EmbeddingSchema.START)).get(r),
              ((IntVector) batch.getVector(EmbeddingSchema.END)).get(r),
              utf8(batch, EmbeddingSchema.TEXT, r),
              1.0 - distance.get(r),
              utf8(batch, EmbeddingSchema.SOURCE_COMMIT, r)));
    }
    return hits;
  }

  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    return ((VarCharVector) batch.getVector(column)).getObject(row).toString();
  }
}

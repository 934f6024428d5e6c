package io.lakesync.search;

import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageDescription;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsCommit;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingSchema;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceTables;
import io.lakesync.table.TableOpener;
import io.lakesync.table.TextIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
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
          EmbeddingSchema.CONTEXT,
          EmbeddingSchema.SOURCE_COMMIT,
          EmbeddingSchema.MODALITY);

  private final LakeFs lakeFs;
  private final TableOpener tables;
  private final TextModels models;
  private final HybridRanking hybrid;
  private final QueryImages images;

  /**
   * @param tables opened with the credentials the answer may read with (behind the search endpoint,
   *     the caller's own)
   */
  public TableSearch(LakeFs lakeFs, TableOpener tables, TextEmbedder embedder) {
    this(lakeFs, tables, TextModels.of(embedder));
  }

  /**
   * @param models where a query's model comes from: the model that made the table at the ref
   *     searched, which is not the configured one while a model change is being built
   */
  public TableSearch(LakeFs lakeFs, TableOpener tables, TextModels models) {
    this(lakeFs, tables, models, HybridRanking.DEFAULT, null);
  }

  /** With another fusion of the hybrid mode's rankings, for measuring (the benchmark). */
  public TableSearch(
      LakeFs lakeFs, TableOpener tables, TextEmbedder embedder, HybridRanking hybrid) {
    this(lakeFs, tables, TextModels.of(embedder), hybrid, null);
  }

  private TableSearch(
      LakeFs lakeFs,
      TableOpener tables,
      TextModels models,
      HybridRanking hybrid,
      QueryImages images) {
    this.lakeFs = lakeFs;
    this.tables = tables;
    this.models = models;
    this.hybrid = hybrid;
    this.images = images;
  }

  /** This search, able to search by image too (with the image model and reading as the caller). */
  public TableSearch withImages(QueryImages queryImages) {
    return new TableSearch(lakeFs, tables, models, hybrid, queryImages);
  }

  /**
   * The {@code k} images most like {@code image} (cosine distance of the image model's vectors) in
   * the table at {@code ref}, pinned to the commit the ref resolved to like any answer.
   */
  public SearchAnswer searchImage(
      TableConfig table, String ref, QueryImage image, int k, Optional<String> pathPrefix)
      throws SearchException, IOException {
    if (images == null) {
      throw new SearchException("image search is not available here: no image model is loaded");
    }
    checkK(k);
    QueryImages.check(table, image);
    String commit = resolve(table, ref);
    EmbeddingTable at = tableAt(table, commit);
    stateAt(table, ref, commit, at);
    float[] vector = images.vectorOf(table, image);
    String filter =
        pathPrefix.filter(p -> !p.isEmpty()).map(TableSearch::prefixFilter).orElse(null);
    try (Dataset dataset = at.open().orElseThrow()) {
      if (!ImageHits.present(dataset)) {
        throw new SearchException(
            "the table at "
                + commit
                + " has no image vectors (written before lakesync indexed images)");
      }
      String model = images.indexing().imageModel(table.images());
      List<SearchHit> hits =
          ImageHits.nearest(dataset, vector, k, filter, columnsOf(dataset), model, commit);
      return new SearchAnswer(
          table.name(), ref, commit, model, SearchMode.IMAGE_LABEL, image.label(), k, hits);
    }
  }

  private static void checkK(int k) throws SearchException {
    if (k < 1 || k > MAX_K) {
      throw new SearchException("k must be between 1 and " + MAX_K + ": " + k);
    }
  }

  /** A search in the default mode ({@link SearchMode#DEFAULT}, hybrid). */
  public SearchAnswer search(
      TableConfig table, String ref, String query, int k, Optional<String> pathPrefix)
      throws SearchException, IOException {
    return search(table, ref, query, k, pathPrefix, SearchMode.DEFAULT);
  }

  public SearchAnswer search(
      TableConfig table,
      String ref,
      String query,
      int k,
      Optional<String> pathPrefix,
      SearchMode mode)
      throws SearchException, IOException {
    if (query == null || query.isBlank()) {
      throw new SearchException("the query is empty");
    }
    checkK(k);
    String commit = resolve(table, ref);
    EmbeddingTable at = tableAt(table, commit);
    TableState state = stateAt(table, ref, commit, at);
    TextEmbedder embedder = mode == SearchMode.TEXT ? null : queryModel(state, commit);
    String filter =
        pathPrefix.filter(p -> !p.isEmpty()).map(TableSearch::prefixFilter).orElse(null);
    try (Dataset dataset = at.open().orElseThrow()) {
      SearchMode answered = modeFor(dataset, mode, commit);
      List<String> columns = columnsOf(dataset);
      List<SearchHit> hits =
          switch (answered) {
            case VECTOR -> vectorHits(embedder, dataset, query, k, filter, columns);
            case TEXT -> textHits(dataset, query, k, filter, columns);
            case HYBRID -> hybridHits(embedder, dataset, query, k, filter, columns);
          };
      if (ImageHits.present(dataset)) {
        if (answered != SearchMode.TEXT) {
          hits = withImagesByText(table, dataset, query, k, filter, columns, commit, hits);
        }
        hits = ImageHits.labelled(dataset, hits);
      }
      return new SearchAnswer(
          table.name(), ref, commit, state.model(), answered.label(), query, k, hits);
    }
  }

  /**
   * The model that made the table at the commit, to embed the query with: a query embedded by any
   * other model returns wrong neighbours, so the table's own model answers, whatever the
   * configuration names now (while a model change is built on a staging branch, the target branch
   * still holds the old model's table). Refused when this process cannot load that model.
   */
  private TextEmbedder queryModel(TableState state, String commit) throws SearchException {
    try {
      return models.embedderOf(state.model(), state.modelRecord());
    } catch (RuntimeException e) {
      // Not shipped here, its files gone or changed, lakeFS unreachable: all say the same to the
      // user, who can still search by text.
      throw new SearchException(
          "the table at "
              + commit
              + " was embedded with "
              + state.model()
              + ", which cannot embed the query here ("
              + e.getMessage()
              + "): a query embedded with another model returns wrong neighbours; search in text"
              + " mode");
    }
  }

  /** The table's state at the commit; refused when there is none. */
  private static TableState stateAt(TableConfig table, String ref, String commit, EmbeddingTable at)
      throws SearchException {
    return at.state()
        .orElseThrow(
            () ->
                new SearchException(
                    "no lakesync table "
                        + table.path()
                        + " at "
                        + ref
                        + (ref.equals(commit) ? "" : " (commit " + commit + ")")));
  }

  /**
   * The mode this table version can answer in: a table from before 0.13 has no full-text index, so
   * hybrid answers by vector (and says so) and text is refused.
   */
  private static SearchMode modeFor(Dataset dataset, SearchMode asked, String commit)
      throws SearchException {
    if (asked == SearchMode.VECTOR || TextIndex.present(dataset)) {
      return asked;
    }
    if (asked == SearchMode.TEXT) {
      throw new SearchException(
          "the table at "
              + commit
              + " has no full-text index (written before lakesync 0.13); search it in vector mode");
    }
    return SearchMode.VECTOR;
  }

  private List<SearchHit> vectorHits(
      TextEmbedder embedder,
      Dataset dataset,
      String query,
      int k,
      String filter,
      List<String> columns) {
    float[] vector = embedder.embedQueries(List.of(query)).get(0);
    List<SearchHit> hits = new ArrayList<>(k);
    LanceTables.nearestRows(
        dataset,
        vector,
        k,
        filter,
        columns,
        batch -> hits.addAll(hits(batch, r -> 1.0 - distance(batch, r))));
    return hits;
  }

  private static List<SearchHit> textHits(
      Dataset dataset, String query, int k, String filter, List<String> columns) {
    List<SearchHit> hits = new ArrayList<>(k);
    LanceTables.fullTextRows(
        dataset,
        query,
        TextIndex.COLUMNS,
        k,
        filter,
        columns,
        batch -> hits.addAll(hits(batch, r -> score(batch, r))));
    return hits;
  }

  /**
   * With a dual encoder, the query's nearest images by their image vectors, fused by reciprocal
   * rank with the hits: images are then found by what they show, not only by their labels and OCR
   * text. Without one (the bundled model), the hits as they are.
   */
  private List<SearchHit> withImagesByText(
      TableConfig table,
      Dataset dataset,
      String query,
      int k,
      String filter,
      List<String> columns,
      String commit,
      List<SearchHit> hits)
      throws SearchException {
    if (images == null) {
      return hits;
    }
    Optional<float[]> vector = images.textVectorOf(table, query);
    if (vector.isEmpty()) {
      return hits;
    }
    List<SearchHit> byImage;
    try {
      byImage =
          ImageHits.nearest(
              dataset,
              vector.get(),
              k,
              filter,
              columns,
              images.indexing().imageModel(table.images()),
              commit);
    } catch (SearchException otherModel) {
      // This commit's images came from another image model (an older commit): the text ranking
      // still answers; only an explicit image query must refuse.
      return hits;
    }
    // An image row whose text is only the bare "An image." (no labels, no OCR text) says nothing
    // about the query: its rank among the text hits is noise (every such row has the same vector),
    // so only its image vector ranks it.
    List<SearchHit> informative =
        hits.stream()
            .filter(
                h -> !(h.modality().equals("image") && h.text().equals(ImageDescription.NO_LABELS)))
            .toList();
    return fused(informative, byImage, 1.0, k);
  }

  /** Both rankings, fused by reciprocal rank; a hit's score is its fused score. */
  private List<SearchHit> hybridHits(
      TextEmbedder embedder,
      Dataset dataset,
      String query,
      int k,
      String filter,
      List<String> columns) {
    int candidates = Math.max(k, hybrid.candidates());
    List<SearchHit> byVector = vectorHits(embedder, dataset, query, candidates, filter, columns);
    List<SearchHit> byText = textHits(dataset, query, candidates, filter, columns);
    return fused(byVector, byText, hybrid.textWeight(), k);
  }

  /**
   * The top {@code k} of two rankings fused by reciprocal rank, the second weighted; a hit's score
   * is its fused score, and a hit in both keeps the first ranking's row.
   */
  private static List<SearchHit> fused(
      List<SearchHit> first, List<SearchHit> second, double secondWeight, int k) {
    Map<String, SearchHit> byId = new HashMap<>();
    first.forEach(h -> byId.put(h.id(), h));
    second.forEach(h -> byId.putIfAbsent(h.id(), h));
    return RankFusion.fuse(
            List.of(
                first.stream().map(SearchHit::id).toList(),
                second.stream().map(SearchHit::id).toList()),
            List.of(1.0, secondWeight))
        .stream()
        .limit(k)
        .map(f -> byId.get(f.item()).withScore(f.score()))
        .toList();
  }

  private static String prefixFilter(String prefix) {
    return EmbeddingSchema.PATH
        + " LIKE "
        + LanceTables.sqlString(prefix.replace("%", "\\%").replace("_", "\\_") + "%");
  }

  /** The columns hits need, as far as this table version has them (no context before 0.13). */
  private static List<String> columnsOf(Dataset dataset) {
    List<String> present = LanceTables.columnNames(dataset);
    return COLUMNS.stream().filter(present::contains).toList();
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

  static List<SearchHit> hits(VectorSchemaRoot batch, IntToDoubleFunction score) {
    List<SearchHit> hits = new ArrayList<>(batch.getRowCount());
    boolean hasContext = batch.getVector(EmbeddingSchema.CONTEXT) != null;
    boolean hasModality = batch.getVector(EmbeddingSchema.MODALITY) != null;
    for (int r = 0; r < batch.getRowCount(); r++) {
      hits.add(
          new SearchHit(
              utf8(batch, LanceTables.ID_COLUMN, r),
              utf8(batch, EmbeddingSchema.PATH, r),
              ((IntVector) batch.getVector(EmbeddingSchema.CHUNK)).get(r),
              ((IntVector) batch.getVector(EmbeddingSchema.START)).get(r),
              ((IntVector) batch.getVector(EmbeddingSchema.END)).get(r),
              utf8(batch, EmbeddingSchema.TEXT, r),
              hasContext ? utf8(batch, EmbeddingSchema.CONTEXT, r) : "",
              score.applyAsDouble(r),
              utf8(batch, EmbeddingSchema.SOURCE_COMMIT, r),
              hasModality ? utf8(batch, EmbeddingSchema.MODALITY, r) : SearchHit.TEXT,
              List.of()));
    }
    return hits;
  }

  static double distance(VectorSchemaRoot batch, int row) {
    return ((Float4Vector) batch.getVector(LanceTables.DISTANCE_COLUMN)).get(row);
  }

  private static double score(VectorSchemaRoot batch, int row) {
    return ((Float4Vector) batch.getVector(LanceTables.SCORE_COLUMN)).get(row);
  }

  private static String utf8(VectorSchemaRoot batch, String column, int row) {
    return ((VarCharVector) batch.getVector(column)).getObject(row).toString();
  }
}

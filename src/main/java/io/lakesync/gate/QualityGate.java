package io.lakesync.gate;

import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.QualityConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageModel;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.embed.TextModels;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.ImageDecoder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsObjectSource;
import io.lakesync.pii.PiiScanner;
import io.lakesync.scope.PathScope;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.RowKey;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.SourceObject;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceTables;
import io.lakesync.table.TableOpener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lance.Dataset;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The write-audit-publish audit: judges one table at one commit against the data at that commit and
 * against the table the target branch serves now.
 *
 * <p>Built to answer inside lakeFS's hook timeout while the branch is locked, however large the
 * table:
 *
 * <ul>
 *   <li>coverage and model checks read only the rows' keys (id, path, checksum, model, text hash):
 *       a few dozen bytes per row instead of a 1.5 KB vector and the text;
 *   <li>tables up to {@code full_audit_rows} rows are then read whole and every row is checked;
 *   <li>larger tables are read on the rows this merge changes (keys that differ from the target's
 *       table) plus a uniform sample; the unchanged rest was audited when it merged;
 *   <li>drift compares samples of {@code sample_rows} vectors from each side (per modality when the
 *       table holds images), and a handful of chunks and images are re-embedded.
 * </ul>
 */
public final class QualityGate {
  private final LakeFs lakeFs;
  private final S3Client s3;
  private final TableOpener tables;
  private final TextModels models;
  private final ImageIndexing images;
  private final PiiScanner pii = new PiiScanner();

  /** A gate without the image model: image rows are judged as rows of text only. */
  public QualityGate(LakeFs lakeFs, S3Client s3, TableOpener tables, TextEmbedder embedder) {
    this(lakeFs, s3, tables, embedder, null);
  }

  /**
   * @param images the image model the sync uses, to check image rows' stamps and re-embed a sample
   *     of images; null to leave image vectors unchecked
   */
  public QualityGate(
      LakeFs lakeFs, S3Client s3, TableOpener tables, TextEmbedder embedder, ImageIndexing images) {
    this(lakeFs, s3, tables, TextModels.of(embedder), images);
  }

  /**
   * @param models each table's configured model, and the models that made served tables (a model
   *     change is judged against the old model's answers)
   * @param images the image model the sync uses; null to leave image vectors unchecked
   */
  public QualityGate(
      LakeFs lakeFs, S3Client s3, TableOpener tables, TextModels models, ImageIndexing images) {
    this.lakeFs = lakeFs;
    this.s3 = s3;
    this.tables = tables;
    this.models = models;
    this.images = images;
  }

  /** Whether the diff from {@code before} to {@code after} writes this table's files. */
  public boolean touches(TableConfig table, String before, String after) throws IOException {
    LakeFsObjectSource source = source(table);
    for (String prefix : List.of(table.path() + "/", table.skippedPath() + "/")) {
      if (!source.diff(before, after, prefix).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Audits {@code table} as it is at {@code commit}.
   *
   * @param baselineRef what the candidate is compared with for drift and for finding changed rows
   *     (the merge's destination branch); empty to skip drift
   */
  public GateReport evaluate(TableConfig table, String commit, Optional<String> baselineRef)
      throws IOException {
    QualityConfig quality = table.quality();
    EmbeddingTable candidate = tables.embeddingsAt(table, commit);
    Optional<TableState> state;
    try {
      state = candidate.state();
    } catch (RuntimeException e) {
      return GateReport.unreadable(
          table.name(), commit, "cannot open the table: " + e.getMessage());
    }
    if (state.isEmpty()) {
      return GateReport.unreadable(
          table.name(),
          commit,
          candidate.open().isPresent()
              ? "not a lakesync table: no " + TableState.LAST_SYNCED_COMMIT + " in its metadata"
              : "no table at " + candidate.location());
    }
    TextEmbedder embedder;
    try {
      embedder = models.embedder(table);
    } catch (RuntimeException e) {
      return GateReport.unreadable(
          table.name(), commit, "cannot load the configured model: " + e.getMessage());
    }
    long seed = commit.hashCode();
    List<RowKey> keys = candidate.rowKeys();
    Optional<EmbeddingTable> baseline = baselineRef.map(ref -> tables.embeddingsAt(table, ref));
    Optional<Integer> storedDimension = candidate.storedDimension();
    boolean readable = storedDimension.orElse(-1) == embedder.model().dimension();
    // Vectors of another dimension cannot be read as this model's: accuracy reports it.
    Audited audited =
        readable
            ? audit(candidate, keys, baseline, quality, seed)
            : new Audited(List.of(), false, "vectors not read: " + storedDimension + " dims");

    PathScope scope = table.scope();
    LakeFsObjectSource source = source(table);
    boolean sameBranch = table.branch().equals(table.targetBranch());
    // The table follows its source branch: on the same branch the data is right here at the
    // commit; otherwise it is the source commit the table names.
    String dataRef = sameBranch ? commit : state.get().lastSyncedCommit();
    Set<String> pending = new HashSet<>();
    if (sameBranch && !state.get().lastSyncedCommit().equals(commit)) {
      for (ObjectChange change :
          source.diff(state.get().lastSyncedCommit(), commit, scope.commonPrefix())) {
        if (scope.contains(change.path())) {
          pending.add(change.path());
        }
      }
    }
    List<SourceObject> data =
        source.list(dataRef, scope.commonPrefix()).stream()
            .filter(o -> scope.contains(o.path()))
            .toList();
    Map<String, SkipRecord> skips = tables.skipsAt(table, commit).read();

    // Once: the accuracy check judges it, and a model change compares it with the old model's.
    Optional<GoldenQueries.Recall> golden =
        readable ? golden(table, dataRef, candidate, keys, embedder) : Optional.empty();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(CoverageCheck.run(quality.minCoverage(), data, pending, keys, skips));
    checks.add(GovernanceCheck.run(quality.pii(), audited.rows(), pii));
    checks.add(
        AccuracyCheck.run(
            new AccuracyCheck.Expected(
                embedder.model().stamp(),
                embedder.model().dimension(),
                quality.reembedSamples(),
                quality.minReembedCosine(),
                seed),
            state.get().model(),
            storedDimension,
            keys,
            audited.rows(),
            embedder,
            golden,
            images == null ? null : auditImages(table, source, audited.rows(), seed)));
    Optional<TableState> served = baseline.flatMap(QualityGate::stateOrEmpty);
    if (served.isPresent()
        && !EmbeddingModels.sameModel(served.get().model(), state.get().model())) {
      // Centroids of two models' vectors are not comparable: recall is.
      checks.add(modelChange(table, dataRef, baseline.get(), served.get(), state.get(), golden));
    } else {
      checks.add(
          readable
              ? drift(quality, baseline, candidate, audited, keys.size(), seed)
              : CheckResult.skip(DriftCheck.NAME, "vectors unreadable"));
    }
    return new GateReport(table.name(), commit, audited.description(), checks);
  }

  /** The rows read in full, and how they were chosen. */
  private record Audited(List<EmbeddingRow> rows, boolean everyRow, String description) {}

  private Audited audit(
      EmbeddingTable candidate,
      List<RowKey> keys,
      Optional<EmbeddingTable> baseline,
      QualityConfig quality,
      long seed) {
    if (keys.size() <= quality.fullAuditRows()) {
      return new Audited(candidate.readAll(), true, "all " + keys.size() + " rows audited");
    }
    Set<RowKey> served = new HashSet<>(baseline.map(EmbeddingTable::rowKeys).orElse(List.of()));
    List<String> changed = keys.stream().filter(k -> !served.contains(k)).map(RowKey::id).toList();
    Map<String, EmbeddingRow> rows = new LinkedHashMap<>();
    candidate.rowsWithIds(changed).forEach(r -> rows.put(r.id(), r));
    candidate.sample(quality.sampleRows(), seed).forEach(r -> rows.putIfAbsent(r.id(), r));
    return new Audited(
        List.copyOf(rows.values()),
        false,
        changed.size()
            + " changed + "
            + (rows.size() - changed.size())
            + " sampled of "
            + keys.size()
            + " rows audited");
  }

  private ImageAudit.Result auditImages(
      TableConfig table, LakeFsObjectSource source, List<EmbeddingRow> rows, long seed) {
    QualityConfig quality = table.quality();
    // The sync's own bounds and subsampling: the same pixels reach the model.
    ImageDecoder decoder =
        new ImageDecoder(table.images().maxPixels(), ImageDecoder.DEFAULT_MIN_SHORTER_SIDE);
    String model = images.imageModel(table.images());
    return ImageAudit.run(
        new ImageAudit.Expected(
            model,
            imageDimension(table, model, rows),
            quality.reembedImageSamples(),
            quality.minReembedCosine(),
            seed),
        rows,
        row -> {
          // The version the row says it was made from, at the commit it names.
          SourceObject object = source.stat(row.sourceCommit(), row.path());
          if (!object.checksum().equals(row.objectChecksum())) {
            throw new IOException(
                "the object there has checksum "
                    + object.checksum()
                    + ", the row names "
                    + row.objectChecksum());
          }
          Extraction decoded =
              decoder.decode(row.path(), source.read(row.sourceCommit(), row.path()));
          if (!(decoded instanceof Extraction.Image image)) {
            throw new IOException("it does not decode as an image: " + decoded);
          }
          return images.embed(table.images(), List.of(image.image())).get(0).vector();
        });
  }

  /**
   * The bundled model's vector size; a dual encoder's is its own, read from the first row it made
   * (its stamp names its files' content, so every row it made has that size).
   */
  private static int imageDimension(TableConfig table, String model, List<EmbeddingRow> rows) {
    if (table.images().dualEncoder() == null) {
      return ImageModel.DIMENSION;
    }
    return rows.stream()
        .filter(r -> r.image() != null && r.image().vector() != null)
        .filter(r -> r.image().imageModel().equals(model))
        .mapToInt(r -> r.image().vector().length)
        .findFirst()
        .orElse(ImageModel.DIMENSION);
  }

  private CheckResult drift(
      QualityConfig quality,
      Optional<EmbeddingTable> baseline,
      EmbeddingTable candidate,
      Audited audited,
      long candidateRows,
      long seed) {
    if (baseline.isEmpty()) {
      return CheckResult.skip(DriftCheck.NAME, "no baseline to compare with");
    }
    if (baseline.get().countRows(EmbeddingRow.IMAGE) > 0
        || candidate.countRows(EmbeddingRow.IMAGE) > 0) {
      return driftByModality(quality, baseline.get(), candidate, seed);
    }
    long baselineRows = baseline.get().countRows();
    List<float[]> before =
        baselineRows < quality.driftMinRows()
            ? List.of()
            : vectors(baseline.get().sample(quality.sampleRows(), seed));
    List<float[]> after =
        audited.everyRow() && candidateRows <= quality.sampleRows()
            ? vectors(audited.rows())
            : vectors(candidate.sample(quality.sampleRows(), seed));
    return DriftCheck.run(
        quality.maxCentroidShift(),
        quality.maxNormShift(),
        quality.driftMinRows(),
        baselineRows,
        before,
        after);
  }

  /** A sample of one modality's rows, or none when that modality is not judged. */
  private static List<EmbeddingRow> sampled(
      EmbeddingTable table, boolean judged, int n, long seed, String modality) {
    return judged ? table.sample(n, seed, modality) : List.of();
  }

  /**
   * Documents' rows, images' rows and images' own vectors, each sampled and judged apart; a side
   * with fewer than {@code drift_min_rows} of one is not sampled for it.
   */
  private CheckResult driftByModality(
      QualityConfig quality, EmbeddingTable baseline, EmbeddingTable candidate, long seed) {
    int n = quality.sampleRows();
    long baselineText = baseline.countRows(EmbeddingRow.TEXT);
    long baselineImages = baseline.countRows(EmbeddingRow.IMAGE);
    boolean judgeTexts = baselineText >= quality.driftMinRows();
    boolean judgeImages = baselineImages >= quality.driftMinRows();
    List<EmbeddingRow> textBefore = sampled(baseline, judgeTexts, n, seed, EmbeddingRow.TEXT);
    List<EmbeddingRow> imagesBefore = sampled(baseline, judgeImages, n, seed, EmbeddingRow.IMAGE);
    List<EmbeddingRow> textAfter = sampled(candidate, judgeTexts, n, seed, EmbeddingRow.TEXT);
    List<EmbeddingRow> imagesAfter = sampled(candidate, judgeImages, n, seed, EmbeddingRow.IMAGE);
    return DriftCheck.run(
        quality.maxCentroidShift(),
        quality.maxNormShift(),
        quality.driftMinRows(),
        List.of(
            new DriftCheck.Series("text", baselineText, vectors(textBefore), vectors(textAfter)),
            new DriftCheck.Series(
                "images", baselineImages, vectors(imagesBefore), vectors(imagesAfter)),
            new DriftCheck.Series(
                "image_vector",
                baselineImages,
                imageVectors(imagesBefore),
                imageVectors(imagesAfter))));
  }

  private static List<float[]> imageVectors(List<EmbeddingRow> rows) {
    return rows.stream()
        .filter(r -> r.image() != null && r.image().first())
        .map(r -> r.image().vector())
        .toList();
  }

  private static Optional<TableState> stateOrEmpty(EmbeddingTable table) {
    try {
      return table.state();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The served table's golden recall with its own model against the candidate's with the new. */
  private CheckResult modelChange(
      TableConfig table,
      String dataRef,
      EmbeddingTable baseline,
      TableState served,
      TableState candidateState,
      Optional<GoldenQueries.Recall> candidateRecall) {
    TextEmbedder old;
    try {
      old = models.embedderOf(served.model(), served.modelRecord());
    } catch (RuntimeException e) {
      return CheckResult.of(
          ModelChangeCheck.NAME,
          false,
          served.model()
              + " → "
              + candidateState.model()
              + ": the served table's model cannot be"
              + " loaded to compare with",
          List.of(e.getMessage()));
    }
    return ModelChangeCheck.run(
        served.model(),
        candidateState.model(),
        golden(table, dataRef, baseline, baseline.rowKeys(), old),
        candidateRecall,
        table.quality().maxRecallDrop());
  }

  private Optional<GoldenQueries.Recall> golden(
      TableConfig table,
      String dataRef,
      EmbeddingTable candidate,
      List<RowKey> keys,
      TextEmbedder embedder) {
    QualityConfig quality = table.quality();
    if (quality.goldenQueries() == null) {
      return Optional.empty();
    }
    GoldenQueries queries;
    try {
      queries =
          GoldenQueries.parse(
              new String(
                  source(table).read(dataRef, quality.goldenQueries()), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.of(
          new GoldenQueries.Recall(
              0,
              quality.minRecall(),
              0,
              List.of(
                  "golden queries "
                      + quality.goldenQueries()
                      + " unusable at "
                      + dataRef
                      + ": "
                      + e.getMessage())));
    }
    Map<String, String> pathById = new HashMap<>();
    keys.forEach(k -> pathById.put(k.id(), k.path()));
    try (Dataset dataset = candidate.open().orElseThrow()) {
      return Optional.of(
          queries.evaluate(
              embedder,
              (vector, k) ->
                  LanceTables.nearest(dataset, vector, k).stream()
                      .map(hit -> pathById.get(hit.id()))
                      .distinct()
                      .toList(),
              quality.goldenK(),
              quality.minRecall()));
    }
  }

  private static List<float[]> vectors(List<EmbeddingRow> rows) {
    return rows.stream().map(EmbeddingRow::vector).toList();
  }

  private LakeFsObjectSource source(TableConfig table) {
    return new LakeFsObjectSource(lakeFs, s3, table.repository());
  }
}

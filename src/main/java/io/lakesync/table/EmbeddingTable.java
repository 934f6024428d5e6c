package io.lakesync.table;

import io.lakesync.config.EmbeddingModels;
import io.lakesync.debug.PausePoints;
import io.lakesync.embed.ImageModel;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
import io.lakesync.sync.RowKey;
import io.lakesync.sync.TableState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.lance.Dataset;
import org.lance.FragmentMetadata;
import org.lance.operation.UpdateConfig;
import org.lance.operation.UpdateMap;

/**
 * A lakesync table at one location: reads its state and existing vectors, and applies a sync's
 * changes as <em>one</em> data commit.
 *
 * <p>The single commit replaces rows: every row of a touched path (a changed object's old chunks, a
 * shrunken object's surplus, all of a removed one) and every row with the id of a new row is
 * deleted, and the new rows added, as a merge-insert keyed on {@code id} with a delete rule for the
 * touched paths would, but with the rows found through the {@code id} and {@code path} indexes
 * ({@link RowReplacement}, {@link ScalarIndexes}) instead of a join against every row. The sync
 * state then goes into table config and schema metadata in a metadata-only commit: stock LanceDB
 * clients read schema metadata, Lance keeps config across versions, so both are written. Readers
 * never see the intermediate version: it only exists on a staging branch until lakeFS merges the
 * whole thing.
 */
public final class EmbeddingTable {
  /**
   * Fragments a sync leaves before it compacts them: each batch of a backfill and each small sync
   * adds one, and a scan opens every one of them.
   */
  static final int COMPACT_ABOVE_FRAGMENTS = 64;

  private final LanceTables tables;
  private final BufferAllocator allocator;
  private final LanceLocation location;
  private final int dimension;
  private final VectorIndexPolicy indexPolicy;

  public EmbeddingTable(
      LanceTables tables, BufferAllocator allocator, LanceLocation location, int dimension) {
    this(tables, allocator, location, dimension, VectorIndexPolicy.NEVER);
  }

  public EmbeddingTable(
      LanceTables tables,
      BufferAllocator allocator,
      LanceLocation location,
      int dimension,
      VectorIndexPolicy indexPolicy) {
    this.tables = tables;
    this.allocator = allocator;
    this.location = location;
    this.dimension = dimension;
    this.indexPolicy = indexPolicy;
  }

  public LanceLocation location() {
    return location;
  }

  /** The table, or empty when nothing exists at the location yet. */
  public Optional<Dataset> open() {
    return tables.openIfExists(location);
  }

  public Optional<TableState> state() {
    return withDataset(table -> TableState.fromMetadata(table.getConfig()), Optional.empty());
  }

  /**
   * Writes the sync's rows and deletions as one data commit, then the new state.
   *
   * @param upserts every row of every added or changed object, complete for each such path
   * @param touchedPaths every path whose rows may change: the upserted paths and removed paths
   * @return the table's version after the write
   */
  public long apply(List<EmbeddingRow> upserts, Collection<String> touchedPaths, TableState state) {
    return apply(upserts, touchedPaths, state, 0);
  }

  /**
   * As above; {@code configuredImageDimension} (0: unknown) is the width of the image vectors the
   * table's image model makes, used when no upserted row has one.
   */
  public long apply(
      List<EmbeddingRow> upserts,
      Collection<String> touchedPaths,
      TableState state,
      int configuredImageDimension) {
    write(upserts, touchedPaths, state, configuredImageDimension);
    return finish(state);
  }

  /**
   * Writes one batch of a sync as one data commit; the state stays as it was until {@link #finish}.
   *
   * @param upserts rows of the batch: a path's rows may span batches, and only the batch holding
   *     its first row lists it in {@code touchedPaths}
   * @param touchedPaths paths whose rows not in {@code upserts} are deleted
   * @param next the state the sync will record, for the check before a table is replaced
   */
  public void write(
      List<EmbeddingRow> upserts,
      Collection<String> touchedPaths,
      TableState next,
      int configuredImageDimension) {
    Optional<Dataset> existing = open();
    int imageDimension =
        imageDimension(
            upserts, existing.flatMap(EmbeddingTable::imageDimension), configuredImageDimension);
    Dataset written;
    if (existing.isEmpty()) {
      try (VectorSchemaRoot batch =
          EmbeddingSchema.toArrow(upserts, dimension, imageDimension, allocator)) {
        written = tables.create(location, batch);
      }
    } else if (upserts.isEmpty() && touchedPaths.isEmpty()) {
      written = existing.get();
    } else if (!hasEveryColumn(existing.get())
        || !imageDimension(existing.get()).equals(Optional.of(imageDimension))) {
      // Written by a lakesync whose rows had fewer columns (before the context or the image
      // columns), or by another image model with other vector sizes. Its settings fingerprint
      // differs, so this sync is a full rebuild whose rows cover every path in scope: they
      // replace the table, in the new schema (the first batch replaces it, the next ones add to
      // it, which by then has the new schema).
      requireRebuild(existing.get(), next);
      existing.get().close();
      try (VectorSchemaRoot batch =
          EmbeddingSchema.toArrow(upserts, dimension, imageDimension, allocator)) {
        written = tables.overwrite(location, batch);
      }
    } else {
      written = replace(existing.get(), upserts, touchedPaths, imageDimension);
    }
    try (written) {
      indexPolicy.maintainWhileGrowing(written);
    }
    PausePoints.reached(PausePoints.MID_WRITE);
  }

  /**
   * Adds a batch of rows of objects the table has no rows for, as one append commit: no join
   * against the rows already there, so a backfill's batches cost the same at its end as at its
   * start. A missing table, or one whose schema must be replaced, goes through {@link #write}.
   */
  public void append(
      List<EmbeddingRow> rows,
      Collection<String> newPaths,
      TableState next,
      int configuredImageDimension) {
    Optional<Dataset> existing = open();
    if (existing.isEmpty()) {
      write(rows, newPaths, next, configuredImageDimension);
      return;
    }
    int imageDimension;
    boolean sameSchema;
    try (Dataset table = existing.get()) {
      imageDimension = imageDimension(rows, imageDimension(table), configuredImageDimension);
      sameSchema =
          hasEveryColumn(table) && imageDimension(table).equals(Optional.of(imageDimension));
    }
    if (!sameSchema || rows.isEmpty()) {
      write(rows, newPaths, next, configuredImageDimension);
      return;
    }
    try (VectorSchemaRoot batch =
            EmbeddingSchema.toArrow(rows, dimension, imageDimension, allocator);
        Dataset appended = tables.append(location, batch)) {
      indexPolicy.maintainWhileGrowing(appended);
    }
    PausePoints.reached(PausePoints.MID_WRITE);
  }

  /**
   * The sync's batches are written: compacts the fragments they left once there are many, maintains
   * the indexes, records the state, and removes old versions and unreferenced files ({@link
   * TableHistory}).
   *
   * @return the table's version after the state
   */
  public long finish(TableState state) {
    // Compaction first: each batch of a long sync adds a fragment, and indexes brought up to date
    // after it are built over the compacted fragments, not remapped afterwards.
    List<Predicate<Dataset>> upkeep =
        List.of(
            EmbeddingTable::compactIfFragmented,
            indexPolicy::maintain,
            TextIndex::maintain,
            ScalarIndexes::maintain);
    Dataset written = tables.open(location);
    for (Predicate<Dataset> step : upkeep) {
      // A step that commits moves the table on; the next continues from its latest version.
      if (step.test(written)) {
        written.close();
        written = tables.open(location);
      }
    }
    try (Dataset withState = writeState(written, state)) {
      TableHistory.prune(withState, Instant.now());
      return withState.version();
    }
  }

  /** Compacts a table of many fragments; true when it did. */
  private static boolean compactIfFragmented(Dataset table) {
    if (table.getFragments().size() <= COMPACT_ABOVE_FRAGMENTS) {
      return false;
    }
    table.compact();
    return true;
  }

  /**
   * Writes rows as data files of this table that no version references yet: one shard of a sync
   * that many instances embed. {@link #replaceWith} commits them.
   */
  public List<FragmentMetadata> writeFragments(List<EmbeddingRow> rows, int imageDimension) {
    try (VectorSchemaRoot batch =
        EmbeddingSchema.toArrow(rows, dimension, imageDimension, allocator)) {
      return tables.writeFragments(location, batch);
    }
  }

  /**
   * Replaces the table's rows with the fragments the shards of a full rebuild wrote: one commit on
   * a small table, a few on a large one (on the staging branch: readers see the merge only); the
   * state stays for {@link #finish}.
   */
  public void replaceWith(List<FragmentMetadata> fragments, int imageDimension) {
    // In groups of half a vector index build, each indexed before the next is added: the index of
    // the whole table is then built in bounded steps, as a streamed backfill's is. The first
    // commit replaces the table, so a rerun after a crash between two groups starts over cleanly.
    long groupRows = Math.max(1, indexPolicy.maxBuildRows(dimension) / 2);
    List<List<FragmentMetadata>> groups = new ArrayList<>();
    List<FragmentMetadata> group = new ArrayList<>();
    long rows = 0;
    for (FragmentMetadata fragment : fragments) {
      group.add(fragment);
      rows += fragment.getPhysicalRows();
      if (rows >= groupRows) {
        groups.add(group);
        group = new ArrayList<>();
        rows = 0;
      }
    }
    if (!group.isEmpty() || groups.isEmpty()) {
      groups.add(group);
    }
    for (int i = 0; i < groups.size(); i++) {
      try (Dataset written =
          i == 0
              ? tables.overwriteWith(
                  location, groups.get(0), EmbeddingSchema.schema(dimension, imageDimension))
              : tables.appendFragments(location, groups.get(i))) {
        indexPolicy.maintainWhileGrowing(written);
      }
    }
  }

  /**
   * Replacing the table is only right for a full rebuild, whose rows cover every path: one whose
   * settings fingerprint differs from the table's.
   */
  private void requireRebuild(Dataset table, TableState next) {
    Optional<TableState> current = TableState.fromMetadata(table.getConfig());
    if (current.isPresent() && current.get().fingerprint().equals(next.fingerprint())) {
      table.close();
      throw new IllegalStateException(
          location
              + " has another schema than this sync writes, but the same settings: refusing to"
              + " replace it with a partial sync");
    }
  }

  /**
   * The width of the rows' image vectors: theirs when they have one, else the configured width (0:
   * unknown), else the table's, else the bundled model's.
   */
  private static int imageDimension(
      List<EmbeddingRow> rows, Optional<Integer> tables, int configuredImageDimension) {
    int fallback =
        configuredImageDimension > 0
            ? configuredImageDimension
            : tables.orElse(ImageModel.DIMENSION);
    return EmbeddingSchema.imageDimension(rows, fallback);
  }

  /** The length of the table's image vectors; empty for a table without them. */
  private static Optional<Integer> imageDimension(Dataset table) {
    org.apache.arrow.vector.types.pojo.Field field;
    try {
      field = table.getSchema().findField(EmbeddingSchema.IMAGE_VECTOR);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return field.getType() instanceof ArrowType.FixedSizeList list
        ? Optional.of(list.getListSize())
        : Optional.empty();
  }

  private Dataset replace(
      Dataset table,
      List<EmbeddingRow> upserts,
      Collection<String> touchedPaths,
      int imageDimension) {
    try (VectorSchemaRoot batch =
        EmbeddingSchema.toArrow(upserts, dimension, imageDimension, allocator)) {
      return tables.replaceRows(location, table, replacedRows(upserts, touchedPaths), batch);
    }
  }

  /**
   * The rows a batch replaces: every row of its touched paths, and rows with the ids of its new
   * rows on other paths (the rest of an object whose first rows an earlier batch wrote: rows a
   * resumed run may have written before). Not empty: a batch without rows or paths writes nothing.
   * Public for the benchmark that times the write.
   */
  public static String replacedRows(List<EmbeddingRow> upserts, Collection<String> touchedPaths) {
    Set<String> touched = new HashSet<>(touchedPaths);
    List<String> ids =
        upserts.stream().filter(r -> !touched.contains(r.path())).map(EmbeddingRow::id).toList();
    List<String> terms = new ArrayList<>(2);
    if (!touched.isEmpty()) {
      terms.add(EmbeddingSchema.PATH + " IN " + LanceTables.sqlList(touchedPaths));
    }
    if (!ids.isEmpty()) {
      terms.add(LanceTables.ID_COLUMN + " IN " + LanceTables.sqlList(ids));
    }
    return String.join(" OR ", terms);
  }

  /**
   * Records the sync state in the table's config and schema metadata, in a metadata-only commit;
   * closes {@code table} and returns the new version (public for the benchmarks that time it).
   */
  public static Dataset writeState(Dataset table, TableState state) {
    UpdateMap updates = new UpdateMap.Builder().updates(state.asMetadata()).replace(false).build();
    UpdateMap schemaUpdates =
        new UpdateMap.Builder().updates(state.asMetadata()).replace(false).build();
    try (table) {
      return table
          .newTransactionBuilder()
          .operation(
              new UpdateConfig.Builder()
                  .configUpdates(updates)
                  .schemaMetadataUpdates(schemaUpdates)
                  .build())
          .build()
          .commit();
    }
  }

  /**
   * Vectors already in the table for these chunk-text hashes, made by {@code modelStamp}: the
   * embeddings a sync can reuse instead of calling the model.
   */
  public Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp) {
    if (hashes.isEmpty()) {
      return new HashMap<>();
    }
    return withDataset(table -> vectorsByTextHash(table, hashes, modelStamp), new HashMap<>());
  }

  /** As above, in the table as it was at {@code version}. */
  public Map<String, float[]> vectorsByTextHash(
      Collection<String> hashes, String modelStamp, long version) {
    if (hashes.isEmpty()) {
      return new HashMap<>();
    }
    try (Dataset table = tables.open(location, version)) {
      return vectorsByTextHash(table, hashes, modelStamp);
    }
  }

  /** The table's version now; empty when there is no table or it has no rows. */
  public OptionalLong versionWithRows() {
    return withDataset(
        table -> table.countRows() == 0 ? OptionalLong.empty() : OptionalLong.of(table.version()),
        OptionalLong.empty());
  }

  private Map<String, float[]> vectorsByTextHash(
      Dataset table, Collection<String> hashes, String modelStamp) {
    Map<String, float[]> found = new HashMap<>();
    String filter =
        EmbeddingSchema.TEXT_SHA256
            + " IN "
            + LanceTables.sqlList(hashes)
            + " AND "
            + EmbeddingSchema.MODEL
            // Vectors an earlier version stamped otherwise are the same model's.
            + " IN "
            + LanceTables.sqlList(EmbeddingModels.sameVectors(modelStamp));
    LanceTables.scan(
        table,
        filter,
        List.of(EmbeddingSchema.TEXT_SHA256, LanceTables.VECTOR_COLUMN),
        batch -> {
          VarCharVector hash = (VarCharVector) batch.getVector(EmbeddingSchema.TEXT_SHA256);
          FixedSizeListVector vectors =
              (FixedSizeListVector) batch.getVector(LanceTables.VECTOR_COLUMN);
          Float4Vector values = (Float4Vector) vectors.getDataVector();
          for (int i = 0; i < batch.getRowCount(); i++) {
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
              v[d] = values.get(i * dimension + d);
            }
            found.putIfAbsent(hash.getObject(i).toString(), v);
          }
        });
    return found;
  }

  /**
   * The image columns of the first rows of images with these checksums, analysed by {@code
   * imageModel} and {@code ocrEngine}; empty for a table written before images existed.
   */
  public Map<String, ImageColumns> imagesByChecksum(
      Collection<String> checksums, String imageModel, String ocrEngine) {
    Map<String, ImageColumns> found = new HashMap<>();
    if (checksums.isEmpty()) {
      return found;
    }
    return withDataset(
        table -> {
          if (!hasEveryColumn(table)) {
            return found;
          }
          String filter =
              EmbeddingSchema.MODALITY
                  + " = 'image' AND "
                  + EmbeddingSchema.CHUNK
                  + " = 0 AND "
                  + EmbeddingSchema.IMAGE_MODEL
                  + " = "
                  + LanceTables.sqlString(imageModel)
                  + " AND "
                  + EmbeddingSchema.OCR_ENGINE
                  + " = "
                  + LanceTables.sqlString(ocrEngine)
                  + " AND "
                  + EmbeddingSchema.OBJECT_CHECKSUM
                  + " IN "
                  + LanceTables.sqlList(checksums);
          LanceTables.scan(
              table,
              filter,
              columns(table),
              batch -> {
                for (EmbeddingRow row : EmbeddingSchema.fromArrow(batch, dimension)) {
                  if (row.image() != null && row.image().first()) {
                    found.putIfAbsent(row.objectChecksum(), row.image());
                  }
                }
              });
          return found;
        },
        found);
  }

  /** Every row, in no particular order: for checks, tests and small tables. */
  public List<EmbeddingRow> readAll() {
    return withDataset(this::allRows, List.of());
  }

  /**
   * Identity of every row without its text or vector: a fraction of the bytes of a full scan, so
   * the quality gate can afford it on every merge.
   */
  public List<RowKey> rowKeys() {
    List<RowKey> keys = new ArrayList<>();
    scan(
        RowKeyColumns.COLUMNS,
        null,
        batch -> {
          for (int i = 0; i < batch.getRowCount(); i++) {
            keys.add(RowKeyColumns.read(batch, i));
          }
        });
    return keys;
  }

  /** Full rows for these ids (read in slices, so the filter stays small). */
  public List<EmbeddingRow> rowsWithIds(Collection<String> ids) {
    List<EmbeddingRow> rows = new ArrayList<>();
    List<String> all = List.copyOf(ids);
    if (all.isEmpty()) {
      return rows;
    }
    return withDataset(
        table -> {
          for (int from = 0; from < all.size(); from += 500) {
            List<String> slice = all.subList(from, Math.min(all.size(), from + 500));
            LanceTables.scan(
                table,
                LanceTables.ID_COLUMN + " IN " + LanceTables.sqlList(slice),
                columns(table),
                batch -> rows.addAll(EmbeddingSchema.fromArrow(batch, dimension)));
          }
          return rows;
        },
        rows);
  }

  /**
   * Up to {@code n} rows at uniformly random positions (all rows when the table is smaller), the
   * same for the same seed.
   */
  public List<EmbeddingRow> sample(int n, long seed) {
    return withDataset(
        table -> {
          long count = table.countRows();
          if (count <= n) {
            return allRows(table);
          }
          List<Long> positions =
              new Random(seed).longs(0, count).distinct().limit(n).sorted().boxed().toList();
          return take(table, positions);
        },
        List.of());
  }

  /**
   * Rows of one modality: {@link EmbeddingRow#TEXT} counts documents' rows, {@link
   * EmbeddingRow#IMAGE} counts images (their first rows, which carry the image vector). A table
   * written before images holds text rows only.
   */
  public long countRows(String modality) {
    return withDataset(
        table ->
            LanceTables.columnNames(table).contains(EmbeddingSchema.MODALITY)
                ? table.countRows(modalityFilter(modality))
                : EmbeddingRow.TEXT.equals(modality) ? table.countRows() : 0L,
        0L);
  }

  /**
   * Up to {@code n} rows of one modality (as {@link #countRows(String)} counts them), the same for
   * the same seed: the matching ids are read first (one projected scan), then the chosen rows.
   */
  public List<EmbeddingRow> sample(int n, long seed, String modality) {
    List<String> ids = new ArrayList<>();
    boolean typed =
        withDataset(t -> LanceTables.columnNames(t).contains(EmbeddingSchema.MODALITY), false);
    if (!typed) {
      return EmbeddingRow.TEXT.equals(modality) ? sample(n, seed) : List.of();
    }
    scan(
        List.of(LanceTables.ID_COLUMN),
        modalityFilter(modality),
        batch -> {
          VarCharVector column = (VarCharVector) batch.getVector(LanceTables.ID_COLUMN);
          for (int i = 0; i < batch.getRowCount(); i++) {
            ids.add(new String(column.get(i), StandardCharsets.UTF_8));
          }
        });
    if (ids.size() > n) {
      Collections.shuffle(ids, new Random(seed));
      return rowsWithIds(ids.subList(0, n));
    }
    return rowsWithIds(ids);
  }

  private static String modalityFilter(String modality) {
    return EmbeddingSchema.MODALITY
        + " = "
        + LanceTables.sqlString(modality)
        + (EmbeddingRow.IMAGE.equals(modality) ? " AND " + EmbeddingSchema.CHUNK + " = 0" : "");
  }

  private List<EmbeddingRow> allRows(Dataset table) {
    List<EmbeddingRow> rows = new ArrayList<>();
    LanceTables.scan(
        table, null, columns(table), b -> rows.addAll(EmbeddingSchema.fromArrow(b, dimension)));
    return rows;
  }

  private List<EmbeddingRow> take(Dataset table, List<Long> positions) {
    List<EmbeddingRow> rows = new ArrayList<>(positions.size());
    try (ArrowReader reader = table.take(positions, columns(table))) {
      while (reader.loadNextBatch()) {
        rows.addAll(EmbeddingSchema.fromArrow(reader.getVectorSchemaRoot(), dimension));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("sampling " + location + " failed", e);
    }
    return rows;
  }

  /** Rows of these paths; 0 without a table. */
  public long countRows(Collection<String> paths) {
    if (paths.isEmpty()) {
      return 0;
    }
    return withDataset(
        table -> table.countRows(EmbeddingSchema.PATH + " IN " + LanceTables.sqlList(paths)), 0L);
  }

  /** Rows in the table; 0 when there is none. */
  public long countRows() {
    return withDataset(Dataset::countRows, 0L);
  }

  /** The vector column's dimension as the table's schema declares it; empty without a table. */
  public Optional<Integer> storedDimension() {
    return withDataset(
        table ->
            table.getSchema().findField(LanceTables.VECTOR_COLUMN).getType()
                    instanceof ArrowType.FixedSizeList list
                ? Optional.of(list.getListSize())
                : Optional.empty(),
        Optional.empty());
  }

  /**
   * The current schema's columns that {@code table} has: a table written before a column existed
   * stays readable at its old commits (search and explain pin answers to them).
   */
  private List<String> columns(Dataset table) {
    List<String> present = LanceTables.columnNames(table);
    return EmbeddingSchema.schema(dimension).getFields().stream()
        .map(f -> f.getName())
        .filter(present::contains)
        .toList();
  }

  private boolean hasEveryColumn(Dataset table) {
    return columns(table).size() == EmbeddingSchema.schema(dimension).getFields().size();
  }

  /** Names of the table's indexes. */
  public List<String> indexes() {
    return withDataset(Dataset::listIndexes, List.of());
  }

  /** Row ids per path, for checks and tests. */
  public Map<String, List<String>> idsByPath() {
    Map<String, List<String>> ids = new HashMap<>();
    scan(
        List.of(LanceTables.ID_COLUMN, EmbeddingSchema.PATH),
        null,
        batch -> {
          VarCharVector id = (VarCharVector) batch.getVector(LanceTables.ID_COLUMN);
          VarCharVector path = (VarCharVector) batch.getVector(EmbeddingSchema.PATH);
          for (int i = 0; i < batch.getRowCount(); i++) {
            ids.computeIfAbsent(path.getObject(i).toString(), k -> new ArrayList<>())
                .add(id.getObject(i).toString());
          }
        });
    return ids;
  }

  /**
   * {@code read} applied to the table, which is closed afterwards; {@code missing} when nothing
   * exists at the location yet. Every read opens the table anew, so it sees the latest version.
   */
  private <T> T withDataset(Function<Dataset, T> read, T missing) {
    Optional<Dataset> dataset = open();
    if (dataset.isEmpty()) {
      return missing;
    }
    try (Dataset table = dataset.get()) {
      return read.apply(table);
    }
  }

  /** Streams a scan of {@code columns}, filtered unless null; no batch without a table. */
  private void scan(List<String> columns, String filter, Consumer<VectorSchemaRoot> sink) {
    withDataset(
        table -> {
          LanceTables.scan(table, filter, columns, sink);
          return null;
        },
        null);
  }
}

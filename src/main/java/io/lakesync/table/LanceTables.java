package io.lakesync.table;

import io.lakesync.config.LakeFsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.CommitBuilder;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.ReadOptions;
import org.lance.Transaction;
import org.lance.WriteParams;
import org.lance.index.DistanceType;
import org.lance.ipc.FullTextQuery;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.Query;
import org.lance.ipc.ScanOptions;
import org.lance.merge.MergeInsertParams;
import org.lance.operation.Append;
import org.lance.operation.Operation;
import org.lance.operation.Overwrite;

/**
 * Opens and writes Lance tables stored in lakeFS through its S3 gateway. Callers own the {@link
 * Dataset}s they get and must close them.
 */
public final class LanceTables {
  public static final String ID_COLUMN = "id";
  public static final String VECTOR_COLUMN = "vector";
  public static final String DISTANCE_COLUMN = "_distance";
  public static final String SCORE_COLUMN = "_score";

  private final BufferAllocator allocator;
  private final Map<String, String> storageOptions;
  private final Path localRoot;

  public LanceTables(BufferAllocator allocator, LakeFsSettings settings) {
    this(allocator, LanceStorageOptions.forLakeFs(settings), null);
  }

  private LanceTables(BufferAllocator allocator, Map<String, String> storageOptions, Path root) {
    this.allocator = allocator;
    this.storageOptions = storageOptions;
    this.localRoot = root;
  }

  /**
   * Tables on local disk, {@code <root>/<repository>/<ref>/<path>}, for tests and benchmarks that
   * separate Lance's own cost from the S3 gateway's: the same code path without a server.
   */
  public static LanceTables onLocalDisk(BufferAllocator allocator, Path root) {
    return new LanceTables(allocator, Map.of(), root);
  }

  private String uri(LanceLocation location) {
    return localRoot == null
        ? location.uri()
        : localRoot
            .resolve(location.repository())
            .resolve(location.ref())
            .resolve(location.path())
            .toAbsolutePath()
            .toString();
  }

  public Dataset open(LanceLocation location) {
    return open(location, new ReadOptions.Builder());
  }

  /** The table as it was at {@code version}, which must still exist. */
  public Dataset open(LanceLocation location, long version) {
    return open(location, new ReadOptions.Builder().setVersion(version));
  }

  private Dataset open(LanceLocation location, ReadOptions.Builder options) {
    return Dataset.open()
        .allocator(allocator)
        .uri(uri(location))
        .readOptions(options.setStorageOptions(storageOptions).build())
        .build();
  }

  /** The table, or empty when nothing exists at the location yet. */
  public Optional<Dataset> openIfExists(LanceLocation location) {
    try {
      return Optional.of(open(location));
    } catch (RuntimeException e) {
      if (isMissingTable(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Lance reports a missing dataset as a plain runtime error; recognise it by its message. */
  private static boolean isMissingTable(RuntimeException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return message.contains("not found") || message.contains("does not exist");
  }

  /**
   * Writes {@code rows} as data files of the table at {@code location} without committing them:
   * nothing references them until {@link #overwriteWith} does, so a writer that dies leaves only
   * unreferenced files. Many writers can do this at once for one table: Lance's distributed write.
   */
  public List<FragmentMetadata> writeFragments(LanceLocation location, VectorSchemaRoot rows) {
    return Fragment.write()
        .datasetUri(uri(location))
        .allocator(allocator)
        .data(rows)
        .storageOptions(storageOptions)
        .execute();
  }

  /**
   * Replaces the table at {@code location} (creating it when there is none) with {@code fragments}
   * of {@code schema}, in one commit.
   */
  public Dataset overwriteWith(
      LanceLocation location, List<FragmentMetadata> fragments, Schema schema) {
    return commit(location, Overwrite.builder().fragments(fragments).schema(schema).build());
  }

  /** Adds {@code fragments} (written by {@link #writeFragments}) to the table in one commit. */
  public Dataset appendFragments(LanceLocation location, List<FragmentMetadata> fragments) {
    return commit(location, Append.builder().fragments(fragments).build());
  }

  /** Commits {@code operation} on the table's current version (or as its first, when none). */
  private Dataset commit(LanceLocation location, Operation operation) {
    Optional<Long> readVersion;
    try (Dataset current = openIfExists(location).orElse(null)) {
      readVersion = current == null ? Optional.empty() : Optional.of(current.version());
    }
    Transaction.Builder transaction = new Transaction.Builder().operation(operation);
    readVersion.ifPresent(transaction::readVersion);
    // The transaction holds an Overwrite's schema exported to native memory until it is closed.
    try (Transaction built = transaction.build()) {
      return new CommitBuilder(uri(location), allocator).writeParams(storageOptions).execute(built);
    }
  }

  public Dataset create(LanceLocation location, VectorSchemaRoot rows) {
    return write(location, rows, WriteParams.WriteMode.CREATE);
  }

  /**
   * Appends rows as one commit. When another writer committed first, Lance's commit (an atomic
   * {@code If-None-Match: *} PUT of the next manifest, which the S3 gateway honours) fails and
   * Lance rebases the append onto the new version and retries; appends never conflict with each
   * other, so both writes survive.
   */
  /**
   * Replaces the table at {@code location} with {@code rows} in one new version (older versions
   * stay readable): for a rebuild whose rows have columns the table has not.
   */
  public Dataset overwrite(LanceLocation location, VectorSchemaRoot rows) {
    return write(location, rows, WriteParams.WriteMode.OVERWRITE);
  }

  public Dataset append(LanceLocation location, VectorSchemaRoot rows) {
    return write(location, rows, WriteParams.WriteMode.APPEND);
  }

  /**
   * Creates the table from a stream of batches in one commit, without holding them all in memory: a
   * backfill of a million rows.
   */
  public Dataset create(LanceLocation location, ArrowReader rows) {
    return write(location, rows, WriteParams.WriteMode.CREATE);
  }

  private Dataset write(LanceLocation location, VectorSchemaRoot rows, WriteParams.WriteMode mode) {
    try (ArrowReader reader = ArrowBatches.reader(rows, allocator)) {
      return write(location, reader, mode);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Dataset write(LanceLocation location, ArrowReader reader, WriteParams.WriteMode mode) {
    return Dataset.write()
        .allocator(allocator)
        .reader(reader)
        .uri(uri(location))
        .mode(mode)
        .storageOptions(storageOptions)
        .execute();
  }

  /**
   * One merge-insert keyed on {@code key}: matched rows replaced, new rows inserted, and rows whose
   * {@code scopeColumn} is in {@code scope} but that {@code rows} do not cover deleted, all in the
   * same commit. Closes {@code table}; returns the new version.
   */
  public Dataset mergeInsert(
      Dataset table,
      String key,
      VectorSchemaRoot rows,
      String scopeColumn,
      Collection<String> scope) {
    MergeInsertParams params =
        new MergeInsertParams(List.of(key))
            .withMatchedUpdateAll()
            .withNotMatched(MergeInsertParams.WhenNotMatched.InsertAll);
    if (!scope.isEmpty()) {
      params = params.withNotMatchedBySourceDeleteIf(scopeColumn + " IN " + sqlList(scope));
    }
    try (table;
        ArrowReader reader = ArrowBatches.reader(rows, allocator);
        ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, reader, stream);
      return table.mergeInsert(params, stream).dataset();
    } catch (IOException e) {
      throw new UncheckedIOException("merge-insert into " + table.uri() + " failed", e);
    }
  }

  /**
   * Deletes the rows of {@code table} (opened at {@code location}) matching {@code filter} and adds
   * {@code rows}, as one commit ({@link RowReplacement}); closes {@code table} and returns the new
   * version.
   */
  public Dataset replaceRows(
      LanceLocation location, Dataset table, String filter, VectorSchemaRoot rows) {
    List<FragmentMetadata> fragments =
        rows.getRowCount() == 0 ? List.of() : writeFragments(location, rows);
    return RowReplacement.replace(table, filter, fragments);
  }

  /** Streams the batches of a scan of {@code columns}, optionally filtered, to {@code sink}. */
  public static void scan(
      Dataset table, String filter, List<String> columns, Consumer<VectorSchemaRoot> sink) {
    ScanOptions.Builder options = new ScanOptions.Builder().columns(columns);
    if (filter != null) {
      options.filter(filter);
    }
    stream(table, options.build(), "scan of " + table.uri() + " failed", sink);
  }

  /** The names of the columns {@code table} has, in schema order. */
  public static List<String> columnNames(Dataset table) {
    return table.getSchema().getFields().stream().map(f -> f.getName()).toList();
  }

  /** A SQL list literal, {@code ('a', 'b')}, for Lance filters. */
  public static String sqlList(Collection<String> values) {
    return values.stream().map(LanceTables::sqlString).collect(Collectors.joining(", ", "(", ")"));
  }

  public static String sqlString(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /**
   * The {@code k} rows nearest to {@code query} by cosine distance, nearest first, with {@code
   * columns} and {@value #DISTANCE_COLUMN}; {@code filter} (SQL, may be null) applies before the
   * search, so k rows come back whenever k rows match.
   */
  public static void nearestRows(
      Dataset table,
      float[] query,
      int k,
      String filter,
      List<String> columns,
      Consumer<VectorSchemaRoot> sink) {
    nearestRows(table, VECTOR_COLUMN, query, k, filter, columns, sink);
  }

  /**
   * {@link #nearestRows(Dataset, float[], int, String, List, Consumer)} on another vector column.
   */
  public static void nearestRows(
      Dataset table,
      String vectorColumn,
      float[] query,
      int k,
      String filter,
      List<String> columns,
      Consumer<VectorSchemaRoot> sink) {
    ScanOptions.Builder options =
        new ScanOptions.Builder()
            .columns(withDistance(columns))
            .nearest(
                new Query.Builder()
                    .setColumn(vectorColumn)
                    .setKey(query)
                    .setK(k)
                    .setDistanceType(DistanceType.Cosine)
                    .build());
    if (filter != null) {
      options.filter(filter).prefilter(true);
    }
    stream(table, options.build(), "vector search failed on " + table.uri(), sink);
  }

  /**
   * The {@code k} rows that best match {@code query} in any of {@code searched} (each needs a
   * full-text index), best first, with {@code columns} and {@value #SCORE_COLUMN} (BM25, higher is
   * better); {@code filter} (SQL, may be null) applies before ranking.
   */
  public static void fullTextRows(
      Dataset table,
      String query,
      List<String> searched,
      int k,
      String filter,
      List<String> columns,
      Consumer<VectorSchemaRoot> sink) {
    List<String> withScore = new ArrayList<>(columns);
    withScore.add(SCORE_COLUMN);
    ScanOptions.Builder options =
        new ScanOptions.Builder()
            .columns(withScore)
            .fullTextQuery(
                searched.size() == 1
                    ? FullTextQuery.match(query, searched.get(0))
                    : FullTextQuery.multiMatch(query, searched))
            .limit(k);
    if (filter != null) {
      options.filter(filter).prefilter(true);
    }
    stream(table, options.build(), "full-text search failed on " + table.uri(), sink);
  }

  /** The ids of the {@code k} rows nearest to {@code query} by cosine distance, nearest first. */
  public static List<Neighbour> nearest(Dataset table, float[] query, int k) {
    List<Neighbour> hits = new ArrayList<>(k);
    nearestRows(
        table,
        query,
        k,
        null,
        List.of(ID_COLUMN),
        batch -> {
          VarCharVector ids = (VarCharVector) batch.getVector(ID_COLUMN);
          Float4Vector distances = (Float4Vector) batch.getVector(DISTANCE_COLUMN);
          for (int i = 0; i < batch.getRowCount(); i++) {
            hits.add(new Neighbour(ids.getObject(i).toString(), distances.get(i)));
          }
        });
    return hits;
  }

  /**
   * {@code columns} and {@value #DISTANCE_COLUMN}. A vector search whose columns leave the distance
   * out gets it anyway, and Lance (7.0.0) prints a deprecation warning to stderr for every such
   * search ("... did not include `_distance` ... Call `disable_scoring_autoprojection`"), an option
   * the Java API does not have. Naming the column is the future-proof form and silences it.
   */
  static List<String> withDistance(List<String> columns) {
    if (columns.contains(DISTANCE_COLUMN)) {
      return columns;
    }
    List<String> named = new ArrayList<>(columns);
    named.add(DISTANCE_COLUMN);
    return List.copyOf(named);
  }

  /** Runs one scan and hands each batch to {@code sink}; {@code failure} says what failed. */
  private static void stream(
      Dataset table, ScanOptions options, String failure, Consumer<VectorSchemaRoot> sink) {
    LanceScanner scanner = table.newScan(options);
    try (ArrowReader reader = scanner.scanBatches()) {
      while (reader.loadNextBatch()) {
        sink.accept(reader.getVectorSchemaRoot());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(failure, e);
    } finally {
      closeQuietly(scanner);
    }
  }

  /** LanceScanner declares {@code close() throws Exception}; it only releases native memory. */
  static void closeQuietly(LanceScanner scanner) {
    try {
      scanner.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close scanner", e);
    }
  }
}

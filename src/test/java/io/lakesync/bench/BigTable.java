package io.lakesync.bench;

import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.SkipRecord;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingSchema;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.table.LanceVectorStore;
import io.lakesync.table.Neighbour;
import io.lakesync.table.ScalarIndexes;
import io.lakesync.table.SkipTable;
import io.lakesync.table.TextIndex;
import io.lakesync.table.VectorIndexPolicy;
import io.lakesync.testing.LakeFsSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.lance.Dataset;
import org.lance.index.OptimizeOptions;

/**
 * (g) issue 16, big tables: a sync of 100 changed rows (10 objects × 10 chunks, one more object
 * removed) into tables of 100,000 and 1,000,000 rows with lakesync's schema, vector index and
 * full-text indexes, step by step as {@code SyncEngine} → {@code LanceVectorStore} → {@code
 * EmbeddingTable.apply} runs them, on local disk and through lakeFS's S3 gateway; medians per step
 * and the ratio of the big table's to the small one's. Sizes and stores from {@code
 * -Dbench.bigtable.sizes=100000,1000000} and {@code -Dbench.bigtable.stores=local,lakefs}; {@code
 * -Dbench.bigtable.seed=DIR} keeps each size's rows and vector index (the slow part of a build: 2
 * min + 15 min at a million rows on 2 cores) under {@code DIR} and copies them for later runs
 * (local store only).
 */
final class BigTable {
  private static final String TABLE = "lancedb/docs.lance";
  private static final String SKIPPED = "lancedb/docs.skipped.lance";
  private static final int CHANGED_OBJECTS = 10;

  private BigTable() {}

  static void run(LakeFsSettings settings) throws Exception {
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.bigtable.sizes", "100000,1000000").split(","))
            .map(s -> Integer.parseInt(s.trim()))
            .toList();
    List<String> stores =
        List.of(System.getProperty("bench.bigtable.stores", "local,lakefs").split(","));
    int rounds = Integer.getInteger("bench.bigtable.rounds", 3);
    try (BufferAllocator allocator = new RootAllocator()) {
      for (String store : stores) {
        List<Fixture> fixtures = new ArrayList<>();
        for (int rows : sizes) {
          fixtures.add(Fixture.build(store, rows, settings, allocator));
        }
        for (int round = 1; round <= rounds; round++) {
          for (Fixture fixture : fixtures) {
            fixture.upsertStepByStep(round);
          }
        }
        for (Fixture fixture : fixtures) {
          fixture.upsertWhole(rounds + 1);
        }
        // Rewrites the whole vector index: 32 s at 100,000 rows, many minutes at a million.
        if (Boolean.parseBoolean(System.getProperty("bench.bigtable.merge-all", "true"))) {
          for (Fixture fixture : fixtures) {
            fixture.lanceDefaultOptimize(rounds + 2);
          }
        }
        for (Fixture fixture : fixtures) {
          fixture.before(rounds + 3);
        }
        report(store, fixtures, rounds);
      }
    }
  }

  private static void report(String store, List<Fixture> fixtures, int rounds) {
    System.out.printf(
        Locale.ROOT,
        "(g) upsert of 100 changed rows (10 objects x 10 chunks, 1 object removed), %s, median of"
            + " %d, seconds%n",
        store,
        rounds);
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "    %-34s", "step"));
    for (Fixture f : fixtures) {
      header.append(String.format(Locale.ROOT, " %10s", f.rows + " rows"));
    }
    if (fixtures.size() > 1) {
      header.append("   ratio last/first");
    }
    System.out.println(header);
    for (String step : fixtures.get(0).builds.keySet()) {
      row(step, fixtures, f -> f.builds.get(step));
    }
    for (String step : fixtures.get(0).steps.keySet()) {
      row(step, fixtures, f -> Benchmarks.median(toArray(f.steps.get(step))));
    }
    for (Fixture f : fixtures) {
      System.out.println(
          "    " + f.rows + " rows, vector index segments after each round: " + f.segments);
      System.out.println("    " + f.rows + " rows, per round: " + f.steps);
    }
  }

  private static void row(
      String step, List<Fixture> fixtures, java.util.function.ToDoubleFunction<Fixture> value) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-34s", step));
    for (Fixture f : fixtures) {
      line.append(String.format(Locale.ROOT, " %10.3f", value.applyAsDouble(f)));
    }
    if (fixtures.size() > 1) {
      double first = value.applyAsDouble(fixtures.get(0));
      double last = value.applyAsDouble(fixtures.get(fixtures.size() - 1));
      line.append(String.format(Locale.ROOT, "   %6.2f", last / Math.max(first, 1e-4)));
    }
    System.out.println(line);
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** One table of one size in one store, with its build times and per-step upsert times. */
  private static final class Fixture {
    final int rows;
    final LanceTables tables;
    final BufferAllocator allocator;
    final LakeFsSdk sdk;
    final String repository;
    final LanceLocation location;
    final VectorIndexPolicy indexPolicy = new VectorIndexPolicy(10_000);
    final Map<String, Double> builds = new LinkedHashMap<>();
    final Map<String, List<Double>> steps = new LinkedHashMap<>();
    final Set<Integer> removed = new LinkedHashSet<>();
    final List<Long> segments = new ArrayList<>();

    private Fixture(
        int rows,
        LanceTables tables,
        BufferAllocator allocator,
        LakeFsSdk sdk,
        String repository,
        LanceLocation location) {
      this.rows = rows;
      this.tables = tables;
      this.allocator = allocator;
      this.sdk = sdk;
      this.repository = repository;
      this.location = location;
    }

    static Path localRoot() {
      return Path.of("target", "bench-bigtable").toAbsolutePath();
    }

    static Fixture build(String store, int rows, LakeFsSettings settings, BufferAllocator allocator)
        throws Exception {
      String repository = "bench-big-" + rows + "-" + UUID.randomUUID().toString().substring(0, 8);
      LanceTables tables;
      LakeFsSdk sdk = null;
      if (store.equals("local")) {
        tables = LanceTables.onLocalDisk(allocator, localRoot());
      } else {
        sdk = LakeFsSdk.connect(settings);
        sdk.repositories()
            .createRepository(
                new RepositoryCreation()
                    .name(repository)
                    .storageNamespace("local://" + repository)
                    .defaultBranch("main"))
            .execute();
        tables = new LanceTables(allocator, settings);
      }
      Fixture fixture =
          new Fixture(
              rows,
              tables,
              allocator,
              sdk,
              repository,
              new LanceLocation(repository, "main", TABLE));
      fixture.create();
      if (sdk != null) {
        long t0 = System.nanoTime();
        sdk.commits().commit(repository, "main", new CommitCreation().message("seed")).execute();
        sdk.branches()
            .createBranch(repository, new BranchCreation().name("staging").source("main"))
            .execute();
        fixture.builds.put("build: lakeFS commit + branch", seconds(t0));
        return new Fixture(rows, tables, allocator, sdk, repository, fixture.location.at("staging"))
            .withBuilds(fixture.builds);
      }
      return fixture;
    }

    private Fixture withBuilds(Map<String, Double> times) {
      builds.putAll(times);
      return this;
    }

    private void create() throws IOException {
      String seed = System.getProperty("bench.bigtable.seed");
      if (seed != null && sdk == null) {
        copySeed(Path.of(seed).resolve(Integer.toString(rows)));
      } else {
        writeRowsAndVectorIndex(tables, location);
      }
      long t2 = System.nanoTime();
      try (Dataset reopened = tables.open(location)) {
        TextIndex.maintain(reopened);
      }
      builds.put("build: text indexes", seconds(t2));
      long t3 = System.nanoTime();
      try (Dataset reopened = tables.open(location)) {
        ScalarIndexes.maintain(reopened);
      }
      builds.put("build: id and path indexes", seconds(t3));
      // A skip table with a thousand records, as a repository with some unreadable files has.
      List<SkipRecord> skips = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        skips.add(new SkipRecord("docs/skipped/s-" + i + ".bin", "binary", "", "c" + i, "seed"));
      }
      skipTable().apply(skips, List.of());
      try (Dataset latest = tables.open(location)) {
        writeState(latest, state("seed")).close();
      }
    }

    private void writeRowsAndVectorIndex(LanceTables into, LanceLocation at) {
      long t0 = System.nanoTime();
      Dataset table =
          into.create(at, new BigTableRows.Stream(allocator, rows / BigTableRows.CHUNKS));
      builds.put("build: write rows", seconds(t0));
      long t1 = System.nanoTime();
      indexPolicy.maintain(table);
      table.close();
      builds.put("build: vector index", seconds(t1));
    }

    /** The rows and vector index from {@code dir} (built there first when missing). */
    private void copySeed(Path dir) throws IOException {
      Path seedTable = dir.resolve("seed/main/docs.lance");
      if (!Files.isDirectory(seedTable)) {
        writeRowsAndVectorIndex(
            LanceTables.onLocalDisk(allocator, dir),
            new LanceLocation("seed", "main", "docs.lance"));
      }
      long t = System.nanoTime();
      Path target = localRoot().resolve(repository).resolve("main").resolve(TABLE);
      try (java.util.stream.Stream<Path> files = Files.walk(seedTable)) {
        for (Path from : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(seedTable.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
      builds.put("build: copy seed (rows, vector index)", seconds(t));
    }

    SkipTable skipTable() {
      return new SkipTable(tables, allocator, location.withPath(SKIPPED));
    }

    EmbeddingTable embeddings() {
      return new EmbeddingTable(tables, allocator, location, BigTableRows.DIMENSION, indexPolicy);
    }

    /**
     * What a round syncs: new rows for the objects it changes, and the paths it touches. With
     * {@code removeOne}, the round also removes its last object (touched, rows gone, recorded in
     * {@code removed}); without, that object is left as it is.
     */
    private RoundChange change(int round, boolean removeOne) {
      List<Integer> picked = changed(round);
      int gone = picked.remove(picked.size() - 1);
      List<EmbeddingRow> upserts = new ArrayList<>();
      for (int object : picked) {
        upserts.addAll(BigTableRows.object(object, round, "commit-" + round));
      }
      Set<String> touched = new LinkedHashSet<>();
      picked.forEach(o -> touched.add(BigTableRows.path(o)));
      if (removeOne) {
        touched.add(BigTableRows.path(gone));
        removed.add(gone);
      }
      return new RoundChange(upserts, touched);
    }

    /** The objects a round changes and the one it removes: spread over the table, never reused. */
    private List<Integer> changed(int round) {
      int objects = rows / BigTableRows.CHUNKS;
      List<Integer> picked = new ArrayList<>();
      for (int k = 0; k <= CHANGED_OBJECTS; k++) {
        picked.add((int) ((round * 7_919L + k * 104_729L * 7) % objects));
      }
      return picked;
    }

    void upsertStepByStep(int round) throws Exception {
      RoundChange change = change(round, true);
      List<EmbeddingRow> upserts = change.upserts();
      Set<String> touched = change.touched();
      EmbeddingTable embeddings = embeddings();
      long start = System.nanoTime();

      long t = System.nanoTime();
      embeddings.state().orElseThrow();
      time("state (open + config)", t);

      t = System.nanoTime();
      Map<String, float[]> reused =
          embeddings.vectorsByTextHash(
              upserts.stream().map(EmbeddingRow::textSha256).toList(), BigTableRows.MODEL);
      time("vectorsByTextHash (100 hashes)", t);
      if (reused.size() != 50) {
        throw new IllegalStateException("expected 50 reusable vectors, found " + reused.size());
      }

      t = System.nanoTime();
      skipTable().apply(List.of(), touched);
      time("skip table merge-insert", t);

      t = System.nanoTime();
      Dataset table = tables.open(location);
      time("open table", t);

      t = System.nanoTime();
      Dataset written;
      try (VectorSchemaRoot batch =
          EmbeddingSchema.toArrow(upserts, BigTableRows.DIMENSION, allocator)) {
        written =
            tables.replaceRows(
                location, table, EmbeddingTable.replacedRows(upserts, touched), batch);
      }
      time("replace rows (100 rows, 11 paths)", t);

      t = System.nanoTime();
      if (indexPolicy.maintain(written)) {
        written.close();
        written = tables.open(location);
      }
      time("vector index maintenance", t);

      t = System.nanoTime();
      if (TextIndex.maintain(written)) {
        written.close();
        written = tables.open(location);
      }
      time("text index maintenance", t);

      t = System.nanoTime();
      if (ScalarIndexes.maintain(written)) {
        written.close();
        written = tables.open(location);
      }
      time("id and path index maintenance", t);

      t = System.nanoTime();
      writeState(written, state("commit-" + round)).close();
      time("state commit", t);
      time("total", start);
      searches(upserts.get(1));
      checkRows(embeddings);
      lakeFsCommit(round);
    }

    /** The same sync through the store's own entry points, to check the steps add up. */
    void upsertWhole(int round) throws Exception {
      RoundChange change = change(round, true);
      List<EmbeddingRow> upserts = change.upserts();
      Set<String> touched = change.touched();
      LanceVectorStore store = new LanceVectorStore(embeddings(), skipTable());
      long t = System.nanoTime();
      store.state().orElseThrow();
      store.vectorsByTextHash(
          upserts.stream().map(EmbeddingRow::textSha256).toList(), BigTableRows.MODEL);
      store.apply(upserts, List.of(), touched, state("commit-" + round));
      builds.put("whole LanceVectorStore sync (1x)", seconds(t));
      checkRows(embeddings());
    }

    /** What readers pay for the index segments the syncs left: one query of each kind. */
    private void searches(EmbeddingRow changed) {
      try (Dataset table = tables.open(location)) {
        segments.add(
            table.getIndexes().stream()
                .filter(i -> i.name().equals(VectorIndexPolicy.INDEX_NAME))
                .count());
        long t = System.nanoTime();
        List<Neighbour> hits = LanceTables.nearest(table, changed.vector(), 10);
        time("(vector search k=10, not in total)", t);
        if (hits.isEmpty() || !hits.get(0).id().equals(changed.id())) {
          System.out.println("    note: vector search did not rank " + changed.id() + " first");
        }
        t = System.nanoTime();
        List<String> found = new ArrayList<>();
        LanceTables.fullTextRows(
            table,
            "backup restore",
            TextIndex.COLUMNS,
            10,
            null,
            List.of(LanceTables.ID_COLUMN),
            b -> found.add(b.getVector(0).getObject(0).toString()));
        time("(full-text search k=10, not in total)", t);
      }
    }

    /**
     * One more sync's merge-insert, then every vector index segment merged into one: what Lance's
     * default optimisation (lakesync's before issue 16) does inside a sync whenever an IVF
     * partition has grown past its split size. The before of the before/after.
     */
    void lanceDefaultOptimize(int round) {
      RoundChange change = change(round, false);
      List<EmbeddingRow> upserts = change.upserts();
      Set<String> touched = change.touched();
      Dataset written;
      try (VectorSchemaRoot batch =
          EmbeddingSchema.toArrow(upserts, BigTableRows.DIMENSION, allocator)) {
        written =
            tables.mergeInsert(
                tables.open(location), LanceTables.ID_COLUMN, batch, EmbeddingSchema.PATH, touched);
      }
      try (written) {
        long t = System.nanoTime();
        long segments =
            written.getIndexes().stream()
                .filter(i -> i.name().equals(VectorIndexPolicy.INDEX_NAME))
                .count();
        written.optimizeIndices(
            OptimizeOptions.builder()
                .indexNames(List.of(VectorIndexPolicy.INDEX_NAME))
                .numIndicesToMerge((int) segments)
                .build());
        builds.put("before: merge-all optimize (split)", seconds(t));
      }
    }

    /**
     * The write and the text index upkeep as lakesync did them before: one merge-insert keyed on
     * {@code id} whose delete rule for the touched paths makes Lance join every row, and the
     * full-text indexes rewritten after every sync; and what rewriting the id and path indexes
     * costs (done when 1 % of the rows are outside them).
     */
    void before(int round) {
      RoundChange change = change(round, true);
      List<EmbeddingRow> upserts = change.upserts();
      Set<String> touched = change.touched();
      long t = System.nanoTime();
      Dataset written;
      try (VectorSchemaRoot batch =
          EmbeddingSchema.toArrow(upserts, BigTableRows.DIMENSION, allocator)) {
        written =
            tables.mergeInsert(
                tables.open(location), LanceTables.ID_COLUMN, batch, EmbeddingSchema.PATH, touched);
      }
      builds.put("before: merge-insert (join)", seconds(t));
      try (written) {
        t = System.nanoTime();
        written.optimizeIndices(
            OptimizeOptions.builder()
                .indexNames(TextIndex.COLUMNS.stream().map(c -> c + "_fts").toList())
                .build());
        builds.put("before: text index rewrite", seconds(t));
      }
      try (Dataset latest = tables.open(location)) {
        t = System.nanoTime();
        latest.optimizeIndices(
            OptimizeOptions.builder().indexNames(List.of("id_idx", "path_idx")).build());
        builds.put("id and path index rewrite (when due)", seconds(t));
      }
      checkRows(embeddings());
    }

    private void checkRows(EmbeddingTable embeddings) {
      long expected = rows - (long) removed.size() * BigTableRows.CHUNKS;
      long actual = embeddings.countRows();
      if (actual != expected) {
        throw new IllegalStateException(
            rows + "-row table has " + actual + " rows, not " + expected);
      }
    }

    private void lakeFsCommit(int round) throws Exception {
      if (sdk == null) {
        return;
      }
      long t = System.nanoTime();
      sdk.commits()
          .commit(repository, "staging", new CommitCreation().message("round " + round))
          .execute();
      time("(lakeFS commit, not in total)", t);
    }

    private void time(String step, long start) {
      steps.computeIfAbsent(step, k -> new ArrayList<>()).add(seconds(start));
    }
  }

  private static TableState state(String commit) {
    return new TableState(commit, BigTableRows.MODEL, "bench-fingerprint", "bench");
  }

  /** The state commit exactly as {@code EmbeddingTable.finish} writes it. */
  private static Dataset writeState(Dataset table, TableState state) {
    return io.lakesync.table.EmbeddingTable.writeState(table, state);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** A round's new rows and the paths whose other rows it deletes. */
  private record RoundChange(List<EmbeddingRow> upserts, Set<String> touched) {}
}

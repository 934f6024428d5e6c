package io.lakesync.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.VectorRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lance.Dataset;
import org.lance.Transaction;

@ExtendWith({LakeFsExtension.class, ArrowExtension.class})
class EmbeddingTableIT {
  private static final int DIM = 384;
  private static final String MODEL = "all-MiniLM-L6-v2@test";

  @Test
  void oneDataCommitUpsertsAndDeletesSurplusAndRemovedRows(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    LanceLocation location =
        new LanceLocation(repo.name(), LakeFsTestRepository.MAIN, "lancedb/docs.lance");
    EmbeddingTable table =
        new EmbeddingTable(new LanceTables(allocator, repo.settings()), allocator, location, DIM);
    assertThat(table.open()).isEmpty();
    assertThat(table.state()).isEmpty();

    List<EmbeddingRow> first = new ArrayList<>();
    first.addAll(rows("docs/a.md", 3, "c1"));
    first.addAll(rows("docs/b.md", 2, "c1"));
    table.apply(first, Set.of(), new TableState("c1", MODEL, "fp", "test"));

    assertThat(table.state()).contains(new TableState("c1", MODEL, "fp", "test"));
    assertThat(table.idsByPath())
        .containsOnlyKeys("docs/a.md", "docs/b.md")
        .containsEntry("docs/a.md", List.of("docs/a.md#0", "docs/a.md#1", "docs/a.md#2"));

    long before;
    try (Dataset dataset = table.open().orElseThrow()) {
      before = dataset.version();
    }
    // a.md shrinks to one chunk, b.md is removed, c.md is added.
    List<EmbeddingRow> second = new ArrayList<>();
    second.addAll(rows("docs/a.md", 1, "c2"));
    second.addAll(rows("docs/c.md", 1, "c2"));
    long after =
        table.apply(
            second,
            Set.of("docs/a.md", "docs/b.md", "docs/c.md"),
            new TableState("c2", MODEL, "fp", "test"));

    Map<String, List<String>> ids = table.idsByPath();
    assertThat(ids)
        .containsOnlyKeys("docs/a.md", "docs/c.md")
        .containsEntry("docs/a.md", List.of("docs/a.md#0"))
        .containsEntry("docs/c.md", List.of("docs/c.md#0"));
    assertThat(table.state()).contains(new TableState("c2", MODEL, "fp", "test"));
    assertThat(dataOperations(table, before, after)).hasSize(1);

    // Python's stock client sees the rows and the state in the schema metadata.
    LanceDbPython python = new LanceDbPython(repo.settings());
    var answer = python.run(python.request(location));
    assertThat(answer.get("count").asLong()).isEqualTo(2);
    assertThat(answer.get("schema_metadata").get(TableState.LAST_SYNCED_COMMIT).asText())
        .isEqualTo("c2");
  }

  @Test
  void existingVectorsAreFoundByTextHashForTheSameModelOnly(
      LakeFsTestRepository repo, BufferAllocator allocator) {
    LanceLocation location =
        new LanceLocation(repo.name(), LakeFsTestRepository.MAIN, "lancedb/reuse.lance");
    EmbeddingTable table =
        new EmbeddingTable(new LanceTables(allocator, repo.settings()), allocator, location, DIM);
    List<EmbeddingRow> rows = rows("docs/a.md", 3, "c1");
    table.apply(rows, Set.of(), new TableState("c1", MODEL, "fp", "test"));

    Map<String, float[]> found =
        table.vectorsByTextHash(List.of(rows.get(1).textSha256(), "unknown-hash"), MODEL);

    assertThat(found).containsOnlyKeys(rows.get(1).textSha256());
    assertThat(found.get(rows.get(1).textSha256())).containsExactly(rows.get(1).vector());
    assertThat(table.vectorsByTextHash(List.of(rows.get(1).textSha256()), "other-model@1"))
        .isEmpty();

    // A lookup at the version a sync began with does not see what the sync wrote after it.
    long began = table.versionWithRows().orElseThrow();
    List<EmbeddingRow> later = rows("docs/b.md", 2, "c2");
    table.write(later, Set.of(), new TableState("c2", MODEL, "fp", "test"), 0);
    List<String> both = List.of(rows.get(0).textSha256(), later.get(0).textSha256());
    assertThat(table.vectorsByTextHash(both, MODEL, began))
        .containsOnlyKeys(rows.get(0).textSha256());
    assertThat(table.vectorsByTextHash(both, MODEL)).containsOnlyKeys(both);
  }

  @Test
  void aVectorIndexIsBuiltOnceTheTableIsBigEnoughAndKeptUpToDate(
      LakeFsTestRepository repo, BufferAllocator allocator) {
    LanceLocation location =
        new LanceLocation(repo.name(), LakeFsTestRepository.MAIN, "lancedb/indexed.lance");
    EmbeddingTable table =
        new EmbeddingTable(
            new LanceTables(allocator, repo.settings()),
            allocator,
            location,
            DIM,
            new VectorIndexPolicy(300));
    List<EmbeddingRow> small = new ArrayList<>();
    for (int d = 0; d < 100; d++) {
      small.addAll(rows("docs/d" + d + ".md", 2, "c1"));
    }
    table.apply(small, Set.of(), new TableState("c1", MODEL, "fp", "test"));
    // The full-text indexes exist from the first write; the vector index waits for the size.
    assertThat(table.indexes()).containsExactlyInAnyOrder("text_fts", "context_fts");

    List<EmbeddingRow> more = new ArrayList<>();
    for (int d = 100; d < 200; d++) {
      more.addAll(rows("docs/d" + d + ".md", 2, "c2"));
    }
    table.apply(more, Set.of(), new TableState("c2", MODEL, "fp", "test"));
    assertThat(table.indexes()).contains(VectorIndexPolicy.INDEX_NAME);

    table.apply(
        rows("docs/late.md", 3, "c3"),
        Set.of("docs/d0.md"),
        new TableState("c3", MODEL, "fp", "test"));
    assertThat(table.indexes()).contains(VectorIndexPolicy.INDEX_NAME);
    assertThat(table.state().orElseThrow().lastSyncedCommit()).isEqualTo("c3");
    EmbeddingRow late = rows("docs/late.md", 3, "c3").get(1);
    try (Dataset dataset = table.open().orElseThrow()) {
      assertThat(dataset.countRows()).isEqualTo(400 - 2 + 3);
      // The newest rows are found through the index (an indexed search returns them first).
      assertThat(LanceTables.nearest(dataset, late.vector(), 1))
          .extracting(Neighbour::id)
          .containsExactly(late.id());
    }
  }

  /** Operations of the versions after {@code from}, up to {@code to}, that changed data. */
  @Test
  void aTableWrittenBeforeTheContextColumnStaysReadableAndARebuildReplacesIt(
      LakeFsTestRepository repo, BufferAllocator allocator) {
    LanceLocation location =
        new LanceLocation(repo.name(), LakeFsTestRepository.MAIN, "lancedb/old.lance");
    LanceTables lance = new LanceTables(allocator, repo.settings());
    List<EmbeddingRow> old = rows("docs/a.md", 2, "c1");
    try (VectorSchemaRoot current = EmbeddingSchema.toArrow(old, DIM, allocator);
        VectorSchemaRoot withoutContext =
            new VectorSchemaRoot(
                current.getFieldVectors().stream()
                    .filter(v -> !v.getName().equals(EmbeddingSchema.CONTEXT))
                    .toList());
        Dataset created = lance.create(location, withoutContext)) {
      assertThat(created.getSchema().findField(EmbeddingSchema.TEXT)).isNotNull();
    }
    EmbeddingTable table = new EmbeddingTable(lance, allocator, location, DIM);
    long oldVersion;
    try (Dataset before = table.open().orElseThrow()) {
      oldVersion = before.version();
    }
    assertThat(table.readAll()).extracting(EmbeddingRow::context).containsOnly("");

    List<EmbeddingRow> rebuilt = new ArrayList<>(rows("docs/a.md", 1, "c2"));
    rebuilt.addAll(rows("docs/b.md", 1, "c2"));
    table.apply(rebuilt, Set.of("docs/a.md", "docs/b.md"), new TableState("c2", MODEL, "fp2", "t"));

    assertThat(table.idsByPath()).containsOnlyKeys("docs/a.md", "docs/b.md");
    assertThat(table.readAll()).hasSize(2);
    try (Dataset latest = table.open().orElseThrow();
        Dataset before = latest.checkoutVersion(oldVersion)) {
      assertThat(latest.getSchema().getFields())
          .extracting(f -> f.getName())
          .contains(EmbeddingSchema.CONTEXT);
      assertThat(before.countRows()).isEqualTo(2);
      assertThat(TextIndex.present(latest)).isTrue();
      assertThat(TextIndex.present(before)).isFalse();
    }
  }

  private static List<String> dataOperations(EmbeddingTable table, long from, long to) {
    List<String> operations = new ArrayList<>();
    try (Dataset latest = table.open().orElseThrow()) {
      for (long v = from + 1; v <= to; v++) {
        try (Dataset version = latest.checkoutVersion(v);
            Transaction tx = version.readTransaction().orElseThrow()) {
          String name = tx.operation().name();
          // Index commits (the full-text indexes after every write) are not data commits.
          if (!name.equals("UpdateConfig") && !name.equals("CreateIndex")) {
            operations.add(name);
          }
        }
      }
    }
    return operations;
  }

  @Test
  void fragmentsWrittenByTwoWritersReplaceTheTableInOneCommit(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    LanceLocation location =
        new LanceLocation(repo.name(), LakeFsTestRepository.MAIN, "lancedb/docs.lance");
    LanceTables tables = new LanceTables(allocator, repo.settings());
    EmbeddingTable table = new EmbeddingTable(tables, allocator, location, DIM);
    // Twice: creating the table, then replacing it (a full rebuild over an existing table).
    for (String commit : List.of("c1", "c2")) {
      List<EmbeddingRow> shardA = new ArrayList<>(rows("docs/a.md", 3, commit));
      List<EmbeddingRow> shardB = new ArrayList<>(rows("docs/b.md", 2, commit));
      List<org.lance.FragmentMetadata> fragments = new ArrayList<>();
      fragments.addAll(table.writeFragments(shardA, 1280));
      fragments.addAll(table.writeFragments(shardB, 1280));
      long versionBefore = version(table);

      table.replaceWith(fragments, 1280);
      // One data commit, whoever wrote the fragments.
      assertThat(version(table) - versionBefore).isEqualTo(1);
      table.finish(new TableState(commit, MODEL, "fp", "test"));

      assertThat(table.idsByPath()).containsOnlyKeys("docs/a.md", "docs/b.md");
      assertThat(table.readAll())
          .hasSize(5)
          .allSatisfy(r -> assertThat(r.sourceCommit()).isEqualTo(commit));
      assertThat(table.state().orElseThrow().lastSyncedCommit()).isEqualTo(commit);
    }
    assertThat(new LanceDbPython(repo.settings()).count(location)).isEqualTo(5);
  }

  private static long version(EmbeddingTable table) {
    java.util.Optional<Dataset> dataset = table.open();
    if (dataset.isEmpty()) {
      return 0;
    }
    try (Dataset open = dataset.get()) {
      return open.version();
    }
  }

  private static List<EmbeddingRow> rows(String path, int chunks, String commit) {
    Random random = new Random((path + commit).hashCode());
    List<EmbeddingRow> rows = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      String text = path + " chunk " + c + " at " + commit;
      rows.add(
          new EmbeddingRow(
              EmbeddingRow.idOf(path, c),
              path,
              c,
              c * 10,
              c * 10 + 9,
              text,
              "",
              Integer.toHexString(text.hashCode()),
              "checksum-" + path,
              commit,
              MODEL,
              VectorRows.unitVector(random, DIM)));
    }
    return rows;
  }
}

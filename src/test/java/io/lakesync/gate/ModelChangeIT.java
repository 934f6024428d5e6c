package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakefs.clients.sdk.model.RevertCreation;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.ModelFileSource;
import io.lakesync.embed.ModelFiles;
import io.lakesync.embed.TextModels;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.search.SearchAnswer;
import io.lakesync.search.SearchMode;
import io.lakesync.search.TableSearch;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing a table's embedding model, blue/green, on the real lakeFS with the real models: the new
 * table is built on a staging branch while the target branch keeps serving (and searching with) the
 * old one, the pre-merge gate compares golden-query recall old model against new, the merge
 * switches readers at once, a revert of the merge brings the old table back exactly, and a model
 * that finds less is refused while the old table keeps serving.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class})
@SuppressWarnings("try") // the gate is a resource for its lifetime: lakeFS calls it, the body not
class ModelChangeIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String GOLDEN =
      ", quality: {golden_queries: lakesync/golden.yaml, golden_k: 1}";
  private static final String MINILM = EmbeddingModel.ALL_MINILM_L6_V2.stamp();
  private static final String BGE = EmbeddingModel.BGE_SMALL_EN_V15.stamp();

  private static TextModels models;

  @BeforeAll
  static void models() {
    Path cache = ProjectDir.buildDir().resolve("it-models");
    models = new TextModels(model -> DjlTextEmbedder.load(model, cache), ModelFileSource.LOCAL);
  }

  @AfterAll
  static void close() {
    models.close();
  }

  @Test
  void theNewModelIsBuiltBesideTheOldAndMergedAtOnceAndARevertRestoresTheOldTable(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    TableConfig minilm = QualityGateIT.table(repo, GOLDEN);
    TableConfig bge = QualityGateIT.table(repo, GOLDEN + ", model: bge-small-en-v1.5");
    TableOpener tables = new TableOpener(allocator, repo.settings(), 384);
    TablePublisher publisher =
        new TablePublisher(repo.lakeFs(), repo.s3(), tables, models, null, "test");
    TableSearch search = new TableSearch(repo.lakeFs(), tables, models);
    String served;
    List<EmbeddingRow> oldRows;
    try (QualityGateIT.Gate gate = gate(repo, minilm, tables)) {
      String data = corpus(repo);
      assertMerged(publisher.publish(minilm, data));
      served = repo.head(MAIN);
      oldRows = rows(tables, minilm, MAIN);
      assertThat(oldRows).extracting(EmbeddingRow::model).containsOnly(MINILM);
    }

    try (QualityGateIT.Gate gate = gate(repo, bge, tables)) {
      String data = repo.head(MAIN);
      // The rebuild, up to its committed staging branch: nothing merged yet.
      TablePublisher.Stage stage = publisher.stage(bge, data, false);
      assertThat(stage).isInstanceOf(TablePublisher.Stage.Ready.class);
      TablePublisher.StagedSync staged = ((TablePublisher.Stage.Ready) stage).staged();

      // Meanwhile readers of main get the old table, searched with its own model.
      SearchAnswer during =
          search.search(
              bge, MAIN, "how long are backups kept?", 1, Optional.empty(), SearchMode.VECTOR);
      assertThat(during.model()).isEqualTo(MINILM);
      assertThat(during.hits().get(0).path()).isEqualTo("docs/backups.md");
      assertThat(rows(tables, bge, MAIN)).usingRecursiveComparison().isEqualTo(oldRows);
      SearchAnswer onStaging =
          search.search(
              bge,
              staged.branch(),
              "how long are backups kept?",
              1,
              Optional.empty(),
              SearchMode.VECTOR);
      assertThat(onStaging.model()).isEqualTo(BGE);
      // And a commit lands on the source branch while the new table is being built.
      repo.put(MAIN, "docs/vpn.md", "Remote staff connect to the office network through the VPN.");
      String later = repo.commit(MAIN, "vpn", Map.of()).getId();

      PublishOutcome switched = publisher.merge(staged);
      assertMerged(switched);
      String report = QualityGateIT.latestPreMergeOutput(repo, ActionRun.StatusEnum.COMPLETED);
      assertThat(report)
          .contains("model_change PASS")
          .contains(MINILM + " → " + BGE + ": golden recall 1.00 → 1.00 over 6 queries")
          .doesNotContain("drift ");
      String modelMerge = repo.head(MAIN);
      assertThat(rows(tables, bge, MAIN)).extracting(EmbeddingRow::model).containsOnly(BGE);

      // The commit that arrived during the rebuild is caught up right after the switch.
      assertMerged(publisher.publish(bge, later));
      SearchAnswer after =
          search.search(
              bge,
              MAIN,
              "connecting from home to the office network",
              1,
              Optional.empty(),
              SearchMode.VECTOR);
      assertThat(after.model()).isEqualTo(BGE);
      assertThat(after.hits().get(0).path()).isEqualTo("docs/vpn.md");
      assertThat(rows(tables, bge, MAIN)).extracting(EmbeddingRow::model).containsOnly(BGE);

      // Rolling back is reverting the merges, newest first: the old table, row for row.
      revert(repo, repo.head(MAIN));
      revert(repo, modelMerge);
      assertThat(rows(tables, minilm, MAIN)).usingRecursiveComparison().isEqualTo(oldRows);
      assertThat(tables.embeddingsAt(minilm, MAIN).state().orElseThrow())
          .extracting(TableState::model, TableState::lastSyncedCommit)
          .containsExactly(
              MINILM, tables.embeddingsAt(minilm, served).state().orElseThrow().lastSyncedCommit());
    }
  }

  @Test
  void aModelThatFindsLessIsRejectedAndTheOldTableKeepsServing(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    TableConfig minilm = QualityGateIT.table(repo, GOLDEN);
    // MiniLM's graph with a tokenizer whose word ids were shuffled: a "model" that loads, makes
    // unit vectors and re-embeds exactly, but reads every word as another one.
    ModelFiles real =
        ModelFiles.materialize(
            EmbeddingModel.ALL_MINILM_L6_V2, ProjectDir.buildDir().resolve("it-models"));
    Path tokenizer = shuffledVocabulary(real.tokenizer(), dir.resolve("tokenizer.json"));
    TableConfig broken =
        QualityGateIT.table(
            repo,
            GOLDEN
                + ", model: shuffled, model_files: {onnx: '"
                + real.onnx()
                + "', tokenizer: '"
                + tokenizer
                + "', dimension: 384, max_tokens: 256}");
    TableOpener tables = new TableOpener(allocator, repo.settings(), 384);
    TablePublisher publisher =
        new TablePublisher(repo.lakeFs(), repo.s3(), tables, models, null, "test");
    TableSearch search = new TableSearch(repo.lakeFs(), tables, models);
    try (QualityGateIT.Gate gate = gate(repo, minilm, tables)) {
      assertMerged(publisher.publish(minilm, corpus(repo)));
    }
    List<EmbeddingRow> served = rows(tables, minilm, MAIN);

    try (QualityGateIT.Gate gate = gate(repo, broken, tables)) {
      PublishOutcome outcome = publisher.publish(broken, repo.head(MAIN));

      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.REJECTED);
      assertThat(outcome.message())
          .contains("model_change FAIL")
          .contains(MINILM + " → shuffled@fp32:")
          .contains("golden recall 1.00 → ")
          .contains("recall dropped by");
      // The vectors themselves are sound: only what they find gives the model away.
      assertThat(outcome.message()).contains("0 of 10 audited vectors defective");
      assertThat(rows(tables, minilm, MAIN)).usingRecursiveComparison().isEqualTo(served);
      SearchAnswer still =
          search.search(
              broken, MAIN, "how long are backups kept?", 1, Optional.empty(), SearchMode.VECTOR);
      assertThat(still.model()).isEqualTo(MINILM);
      assertThat(still.hits().get(0).path()).isEqualTo("docs/backups.md");
    }
  }

  // --- plumbing ---------------------------------------------------------------------------------

  /** Ten short documents on distinct subjects, and six questions each answered by one of them. */
  private static String corpus(LakeFsTestRepository repo) throws Exception {
    Map<String, String> docs =
        Map.of(
            "docs/backups.md",
                "Nightly backups of the primary database are kept for thirty-five days.",
            "docs/oncall.md", "On-call engineers rotate weekly and hand over on Monday mornings.",
            "docs/certificates.md",
                "TLS certificates are renewed automatically thirty days before they expire.",
            "docs/failover.md", "Failover to the standby cluster is rehearsed every quarter.",
            "docs/logs.md",
                "Application logs are retained for ninety days in the central log store.",
            "docs/deploys.md", "Deployments roll out to one zone first and pause for ten minutes.",
            "docs/payroll.md", "Salaries are paid on the last working day of each month.",
            "docs/parking.md",
                "Visitors may park in the north garage after signing in at reception.",
            "docs/kitchen.md",
                "The office kitchen is cleaned every evening; label food in the fridge.",
            "docs/laptops.md", "Laptops are replaced every three years by the IT helpdesk.");
    docs.forEach((path, text) -> repo.put(MAIN, path, text));
    repo.put(
        MAIN,
        "lakesync/golden.yaml",
        """
        queries:
          - query: how long are backups kept?
            expect: [docs/backups.md]
          - query: when do I get my salary?
            expect: [docs/payroll.md]
          - query: where can a guest leave their car?
            expect: [docs/parking.md]
          - query: who rotates through on-call duty?
            expect: [docs/oncall.md]
          - query: when is my computer swapped for a new one?
            expect: [docs/laptops.md]
          - query: how long are log files stored?
            expect: [docs/logs.md]
        """);
    return repo.commit(MAIN, "docs", Map.of()).getId();
  }

  private static QualityGateIT.Gate gate(
      LakeFsTestRepository repo, TableConfig table, TableOpener tables) throws Exception {
    return QualityGateIT.Gate.install(
        repo, table, new QualityGate(repo.lakeFs(), repo.s3(), tables, models, null));
  }

  private static void assertMerged(PublishOutcome outcome) {
    assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
  }

  private static List<EmbeddingRow> rows(TableOpener tables, TableConfig table, String ref) {
    EmbeddingTable at = tables.embeddingsAt(table, ref);
    List<EmbeddingRow> rows = new ArrayList<>(at.readAll());
    rows.sort(Comparator.comparing(EmbeddingRow::id));
    return rows;
  }

  private static void revert(LakeFsTestRepository repo, String mergeCommit) throws Exception {
    repo.sdk()
        .branches()
        .revertBranch(repo.name(), MAIN, new RevertCreation().ref(mergeCommit).parentNumber(1))
        .execute();
  }

  /** The tokenizer with its ordinary word ids shuffled; special tokens keep theirs. */
  private static Path shuffledVocabulary(Path tokenizer, Path target) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode root = json.readTree(tokenizer.toFile());
    ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
    List<String> words = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
      if (!entry.getKey().startsWith("[")) {
        words.add(entry.getKey());
        ids.add(entry.getValue().asInt());
      }
    }
    Collections.shuffle(ids, new Random(17));
    for (int i = 0; i < words.size(); i++) {
      vocab.put(words.get(i), ids.get(i));
    }
    json.writeValue(target.toFile(), root);
    return target;
  }
}

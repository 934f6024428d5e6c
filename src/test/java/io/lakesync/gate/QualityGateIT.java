package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakefs.clients.sdk.model.HookRun;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.ServiceConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.http.SharedSecret;
import io.lakesync.metrics.Metrics;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.service.LakeFsActions;
import io.lakesync.status.StatusBoard;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.TableState;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.LanceTables;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EditedRows;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real lakeFS calls lakesync's real pre-merge hook. Every merge into main, by lakesync or by
 * anyone else, is audited at the merge commit; a failing audit leaves main untouched and its report
 * readable through lakeFS's actions API.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
@SuppressWarnings("try") // the gate is a resource for its lifetime: lakeFS calls it, the body not
class QualityGateIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String PLANTED_EMAIL = "jane.roe@example.com";
  private static final String PLANTED_CARD = "4111 1111 1111 1111";

  @Test
  void aCleanSyncMergesAndItsReportIsInTheActionRun(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table =
        table(repo, ", quality: {golden_queries: lakesync/golden.yaml, golden_k: 3}");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      operationsDocs().forEach((path, text) -> repo.put(MAIN, path, text));
      repo.put(MAIN, "docs/diagram.png", "\u0089PNG\r\n\u001a\n binary");
      repo.put(
          MAIN,
          "lakesync/golden.yaml",
          "queries:\n"
              + "  - query: how long do we keep database backups?\n"
              + "    expect: [docs/ops-0.md]\n"
              + "  - query: when are TLS certificates renewed?\n"
              + "    expect: [docs/ops-5.md]\n");
      String commit = repo.commit(MAIN, "docs", Map.of()).getId();

      PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, commit);

      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      String report = latestPreMergeOutput(repo, ActionRun.StatusEnum.COMPLETED);
      assertThat(report)
          .contains("table docs at")
          .contains("PASSED")
          .contains("100.0% of objects covered (10 of 10")
          .contains("1 skipped {UNSUPPORTED_TYPE=1}")
          .contains("no PII in")
          .contains("golden recall 1.00 over 2 queries (min 0.80)");
    }
  }

  @Test
  void orphanVectorsWrittenByAnotherUserAreRejected(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, "");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      syncedCorpus(repo, table, allocator, embedder);
      String mainBefore = repo.head(MAIN);

      tamper(
          repo,
          table,
          allocator,
          embedder,
          "ghost",
          rows -> {
            EmbeddingRow model = rows.get(0);
            return new Change(
                List.of(
                    new EmbeddingRow(
                        EmbeddingRow.idOf("docs/ghost.md", 0),
                        "docs/ghost.md",
                        0,
                        0,
                        5,
                        "ghost",
                        "",
                        model.textSha256(),
                        "no-such-object",
                        model.sourceCommit(),
                        model.model(),
                        model.vector())),
                Set.of("docs/ghost.md"));
          });

      assertRejected(repo, "ghost", mainBefore, "orphan vectors: docs/ghost.md");
      String scraped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(gate.url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(scraped)
          .contains("lakesync_gate_audits_total{result=\"passed\",table=\"docs\"} 1.0")
          .contains("lakesync_gate_audits_total{result=\"failed\",table=\"docs\"} 1.0")
          .contains("lakesync_gate_check_failures_total{check=\"coverage\",table=\"docs\"} 1.0");
    }
  }

  @Test
  void aMergeThatDropsADocumentsVectorsIsRejected(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, "");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      syncedCorpus(repo, table, allocator, embedder);
      String mainBefore = repo.head(MAIN);

      tamper(
          repo,
          table,
          allocator,
          embedder,
          "cleanup",
          rows -> new Change(List.of(), Set.of("docs/ops-3.md")));

      assertRejected(repo, "cleanup", mainBefore, "no vectors: docs/ops-3.md");
    }
  }

  @Test
  void plantedPiiIsRejectedUnderBlockAndTheReportNeverRepeatsIt(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    TableConfig table = table(repo, "");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      syncedCorpus(repo, table, allocator, embedder);
      repo.put(
          MAIN,
          "docs/refunds.md",
          "Refunds are approved by " + PLANTED_EMAIL + " and paid to card " + PLANTED_CARD + ".");
      String commit = repo.commit(MAIN, "refunds", Map.of()).getId();

      PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, commit);

      assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.REJECTED);
      assertThat(outcome.message())
          .contains("governance FAIL")
          .contains("docs/refunds.md chunk 0: [EMAIL, PAYMENT_CARD]")
          .doesNotContain(PLANTED_EMAIL)
          .doesNotContain(PLANTED_CARD);
      assertThat(repo.head(MAIN)).isEqualTo(commit);
      assertThat(tableAt(repo, table, allocator, embedder, MAIN).state().orElseThrow())
          .extracting(TableState::lastSyncedCommit)
          .isNotEqualTo(commit);
      assertThat(latestPreMergeOutput(repo, ActionRun.StatusEnum.FAILED))
          .contains("PII found")
          .doesNotContain(PLANTED_EMAIL);

      // The same audit offline, on the kept staging branch and on main.
      Path config = checkConfig(repo, dir);
      Processes.Result failing = check(repo, config, outcome.stagingBranch());
      assertThat(failing.exitCode()).as(failing.stderr()).isEqualTo(1);
      assertThat(failing.stdout()).contains("FAILED").contains("governance FAIL");
      Processes.Result passing = check(repo, config, MAIN);
      assertThat(passing.exitCode()).as(passing.stdout() + passing.stderr()).isZero();
      assertThat(passing.stdout()).contains("PASSED");
    }
  }

  @Test
  void underRedactThePlantedPiiNeverReachesTheTable(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, ", quality: {pii: redact}");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      repo.put(
          MAIN,
          "docs/refunds.md",
          "Refunds are approved by " + PLANTED_EMAIL + " and paid to card " + PLANTED_CARD + ".");
      repo.put(MAIN, "docs/ops.md", "Backups run nightly and are kept for thirty-five days.");
      String commit = repo.commit(MAIN, "refunds", Map.of()).getId();

      PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, commit);

      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      var request =
          new LanceDbPython(repo.settings())
              .request(new LanceLocation(repo.name(), MAIN, table.path()));
      request.put("rows", true);
      request.set("columns", request.arrayNode().add("path").add("text"));
      JsonNode rows = new LanceDbPython(repo.settings()).run(request).get("rows");
      List<String> texts =
          StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("text").asText()).toList();
      assertThat(texts).hasSize(2).noneMatch(t -> t.contains(PLANTED_EMAIL));
      assertThat(texts).noneMatch(t -> t.contains(PLANTED_CARD));
      assertThat(texts)
          .anyMatch(t -> t.contains("[REDACTED:EMAIL]") && t.contains("[REDACTED:PAYMENT_CARD]"));
    }
  }

  @Test
  void aCorruptedVectorAndAMixedModelAreRejected(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, "");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      syncedCorpus(repo, table, allocator, embedder);
      String mainBefore = repo.head(MAIN);

      tamper(
          repo,
          table,
          allocator,
          embedder,
          "corrupt",
          rows ->
              replaceFirstRowOf(
                  rows, "docs/ops-2.md", r -> EditedRows.withVector(r, nanVector(r))));
      assertRejected(repo, "corrupt", mainBefore, "NaN or infinite vector: docs/ops-2.md chunk 0");

      tamper(
          repo,
          table,
          allocator,
          embedder,
          "mixed",
          rows ->
              replaceFirstRowOf(
                  rows, "docs/ops-4.md", r -> EditedRows.withModel(r, "other-model@1")));
      assertRejected(repo, "mixed", mainBefore, "mixed models in one table");

      // A large table is audited on the rows the merge changes plus a sample: the changed row,
      // found by its key alone, is still read and judged.
      TableConfig large = table(repo, ", quality: {full_audit_rows: 0, sample_rows: 100}");
      GateReport sampled =
          new QualityGate(repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder)
              .evaluate(large, repo.head("mixed"), java.util.Optional.of(MAIN));
      assertThat(sampled.sampled()).isEqualTo("1 changed + 9 sampled of 10 rows audited");
      assertThat(sampled.passed()).isFalse();
      assertThat(sampled.render()).contains("rows made by other-model@1");
    }
  }

  @Test
  void aDriftedDistributionIsRejected(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, ", quality: {drift_min_rows: 8}");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      syncedCorpus(repo, table, allocator, embedder);
      // An everyday edit passes: one more document on the same subject.
      repo.put(MAIN, "docs/ops-10.md", "Restores are tested every quarter on a spare cluster.");
      String edit = repo.commit(MAIN, "one more", Map.of()).getId();
      PublishOutcome small = publisher(repo, allocator, embedder).publish(table, edit);
      assertThat(small.status()).as(small.message()).isEqualTo(PublishOutcome.Status.MERGED);
      String editReport = latestPreMergeOutput(repo, ActionRun.StatusEnum.COMPLETED);
      assertThat(editReport).contains("drift      PASS");

      // A different corpus entirely: every document replaced by recipes.
      operationsDocs().keySet().forEach(path -> repo.delete(MAIN, path));
      repo.delete(MAIN, "docs/ops-10.md");
      cookingDocs().forEach((path, text) -> repo.put(MAIN, path, text));
      String swap = repo.commit(MAIN, "recipes instead", Map.of()).getId();

      PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, swap);

      assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.REJECTED);
      assertThat(outcome.message()).contains("drift      FAIL");
      double everyday = centroidShift(editReport);
      double swapped = centroidShift(outcome.message());
      System.out.printf(
          "centroid shift: everyday edit %.4f, corpus swap %.4f%n", everyday, swapped);
      assertThat(everyday).isLessThan(0.02);
      assertThat(swapped).isGreaterThan(table.quality().maxCentroidShift());
      assertThat(tableAt(repo, table, allocator, embedder, MAIN).state().orElseThrow())
          .extracting(TableState::lastSyncedCommit)
          .isEqualTo(edit);
    }
  }

  @Test
  void theHookRefusesCallsWithoutTheSecret(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, "");
    try (Gate gate = Gate.install(repo, table, allocator, embedder)) {
      HttpClient client = HttpClient.newHttpClient();
      String event =
          "{\"event_type\":\"pre-merge\",\"repository_id\":\""
              + repo.name()
              + "\",\"branch_id\":\"main\",\"commit_id\":\"abc\"}";
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(gate.url() + PreMergeHook.PATH))
              .POST(HttpRequest.BodyPublishers.ofString(event));

      HttpResponse<String> none =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> wrong =
          client.send(
              request.header(ServiceConfig.WEBHOOK_SECRET_HEADER, "guess").build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(wrong.statusCode()).isEqualTo(401);
    }
  }

  // --- the gate, served the way `lakesync serve` serves it ---------------------------------------

  /** The pre-merge hook on a local HTTP server, and lakeFS's action that calls it (ImageGateIT). */
  record Gate(HttpEndpoints http, PrometheusMeterRegistry registry) implements AutoCloseable {
    static Gate install(
        LakeFsTestRepository repo,
        TableConfig table,
        BufferAllocator allocator,
        DjlTextEmbedder embedder)
        throws Exception {
      return install(
          repo,
          table,
          new QualityGate(repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder));
    }

    static Gate install(LakeFsTestRepository repo, TableConfig table, QualityGate gate)
        throws Exception {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      HttpEndpoints http =
          HttpEndpoints.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              Map.of(
                  PreMergeHook.PATH,
                  new PreMergeHook(
                      List.of(table),
                      PreMergeHook.auditor(gate),
                      new SharedSecret(Secret.of(LakeFsServer.WEBHOOK_SECRET)),
                      new Metrics(registry),
                      new StatusBoard(List.of(table.name())))),
              registry);
      Gate installed = new Gate(http, registry);
      repo.put(
          MAIN,
          LakeFsActions.GATE_ACTION_PATH,
          LakeFsActions.gateAction(installed.url(), List.of(MAIN)));
      repo.commit(MAIN, "quality gate", Map.of());
      return installed;
    }

    String url() {
      return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
      http.close();
    }
  }

  private static double centroidShift(String report) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("centroid shift ([0-9.]+)").matcher(report);
    assertThat(m.find()).as(report).isTrue();
    return Double.parseDouble(m.group(1));
  }

  // --- data -------------------------------------------------------------------------------------

  private static Map<String, String> operationsDocs() {
    String[] topics = {
      "Nightly backups of the primary database are kept for thirty-five days.",
      "Snapshots of the storage volumes are replicated to a second region.",
      "On-call engineers rotate weekly and hand over on Monday mornings.",
      "Alerts page the on-call engineer when replication lag exceeds five minutes.",
      "Disk usage above eighty percent triggers an automatic volume expansion.",
      "Certificates are renewed automatically thirty days before they expire.",
      "Failover to the standby cluster is rehearsed every quarter.",
      "Logs are retained for ninety days in the central log store.",
      "Deployments roll out to one zone first and pause for ten minutes.",
      "Kubernetes nodes are patched monthly during the maintenance window."
    };
    Map<String, String> docs = new HashMap<>();
    for (int i = 0; i < topics.length; i++) {
      docs.put("docs/ops-" + i + ".md", topics[i]);
    }
    return docs;
  }

  private static Map<String, String> cookingDocs() {
    String[] recipes = {
      "Whisk two eggs with sugar until pale, then fold in the flour gently.",
      "Simmer the tomato sauce with garlic and basil for twenty minutes.",
      "Knead the bread dough for ten minutes and let it rise until doubled.",
      "Roast the vegetables with olive oil, salt and rosemary until golden.",
      "Caramelise the onions slowly over low heat for a sweet soup base.",
      "Marinate the chicken in yoghurt, lemon and spices overnight.",
      "Blanch the green beans and toss them with toasted almonds.",
      "Melt the chocolate over a bain-marie and stir in the cream.",
      "Cook the risotto by adding warm stock one ladle at a time.",
      "Bake the apple pie until the crust is crisp and the filling bubbles."
    };
    Map<String, String> docs = new HashMap<>();
    for (int i = 0; i < recipes.length; i++) {
      docs.put("docs/recipe-" + i + ".md", recipes[i]);
    }
    return docs;
  }

  private static String syncedCorpus(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder)
      throws Exception {
    operationsDocs().forEach((path, text) -> repo.put(MAIN, path, text));
    String commit = repo.commit(MAIN, "operations docs", Map.of()).getId();
    PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, commit);
    assertThat(outcome.status()).as(outcome.message()).isEqualTo(PublishOutcome.Status.MERGED);
    return commit;
  }

  // --- another user's merge ---------------------------------------------------------------------

  /** Rows to upsert and paths whose other rows go. */
  private record Change(List<EmbeddingRow> upserts, Set<String> touched) {}

  private interface Tampering {
    Change apply(List<EmbeddingRow> rows);
  }

  /**
   * Writes a change to the table on a new branch from main and commits it, as a user's tool would.
   */
  private static void tamper(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      String branch,
      Tampering tampering)
      throws Exception {
    repo.createBranch(branch, MAIN);
    EmbeddingTable onBranch = tableAt(repo, table, allocator, embedder, branch);
    List<EmbeddingRow> rows = new ArrayList<>(onBranch.readAll());
    rows.sort(java.util.Comparator.comparing(EmbeddingRow::id));
    Change change = tampering.apply(rows);
    onBranch.apply(change.upserts(), change.touched(), onBranch.state().orElseThrow());
    repo.commit(branch, "edit the table by hand", Map.of());
  }

  private static void assertRejected(
      LakeFsTestRepository repo, String branch, String mainBefore, String reason) throws Exception {
    try {
      repo.merge(branch, MAIN);
      throw new AssertionError("the merge of " + branch + " was not rejected");
    } catch (ApiException e) {
      assertThat(e.getCode()).isEqualTo(412);
    }
    assertThat(repo.head(MAIN)).isEqualTo(mainBefore);
    assertThat(latestPreMergeOutput(repo, ActionRun.StatusEnum.FAILED))
        .contains("FAILED")
        .contains(reason);
  }

  private static Change replaceFirstRowOf(
      List<EmbeddingRow> rows, String path, java.util.function.UnaryOperator<EmbeddingRow> edit) {
    List<EmbeddingRow> ofPath =
        new ArrayList<>(rows.stream().filter(r -> r.path().equals(path)).toList());
    ofPath.set(0, edit.apply(ofPath.get(0)));
    return new Change(ofPath, Set.of(path));
  }

  private static float[] nanVector(EmbeddingRow row) {
    float[] v = row.vector().clone();
    v[7] = Float.NaN;
    return v;
  }

  // --- reading lakeFS's action runs -------------------------------------------------------------

  /**
   * The output of the only hook of the latest pre-merge run on main, which must have this status.
   */
  static String latestPreMergeOutput(LakeFsTestRepository repo, ActionRun.StatusEnum status)
      throws Exception {
    ActionRun run =
        repo
            .sdk()
            .actions()
            .listRepositoryRuns(repo.name())
            .branch(MAIN)
            .execute()
            .getResults()
            .stream()
            .filter(r -> "pre-merge".equals(r.getEventType()))
            .max(
                java.util.Comparator.comparing(ActionRun::getStartTime)
                    .thenComparing(ActionRun::getRunId))
            .orElseThrow(() -> new AssertionError("no pre-merge run on main"));
    assertThat(run.getStatus()).isEqualTo(status);
    HookRun hook =
        repo.sdk()
            .actions()
            .listRunHooks(repo.name(), run.getRunId())
            .execute()
            .getResults()
            .get(0);
    Path output =
        repo.sdk()
            .actions()
            .getRunHookOutput(repo.name(), run.getRunId(), hook.getHookRunId())
            .execute()
            .toPath();
    try {
      String text = Files.readString(output);
      assertThat(text).doesNotContain(LakeFsServer.WEBHOOK_SECRET);
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  // --- plumbing ---------------------------------------------------------------------------------

  static TableConfig table(LakeFsTestRepository repo, String extra) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']"
                + extra
                + "}]")
        .tables()
        .get(0);
  }

  private static TablePublisher publisher(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder) {
    return new TablePublisher(
        repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test");
  }

  static EmbeddingTable tableAt(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      String ref) {
    return new EmbeddingTable(
        new LanceTables(allocator, repo.settings()),
        allocator,
        new LanceLocation(repo.name(), ref, table.path()),
        embedder.model().dimension());
  }

  private static Path checkConfig(LakeFsTestRepository repo, Path dir) throws Exception {
    return Files.writeString(
        dir.resolve("lakesync.yaml"),
        "tables: [{name: docs, repository: "
            + repo.name()
            + ", branch: main, include: ['docs/**']}]\n");
  }

  private static Processes.Result check(LakeFsTestRepository repo, Path config, String ref) {
    Map<String, String> env = repo.cliEnvironment();
    List<String> command =
        List.of(
            ProjectDir.get().resolve("bin/lakesync").toString(),
            "check",
            "--config",
            config.toString(),
            "--table",
            "docs",
            "--ref",
            ref);
    return Processes.run(command, ProjectDir.get(), env, null, Duration.ofMinutes(3));
  }
}

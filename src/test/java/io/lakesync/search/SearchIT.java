package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.HashEmbedder;
import io.lakesync.table.LanceLocation;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducible retrieval on the real stack: an answer recorded with its commit ID comes back
 * identical (ids, order, scores) after main moved on, equals the stock Python client's answer at
 * that commit, and traces back to the object and its history; bad input gets a message and an exit
 * code, not a stack trace.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class SearchIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String QUERY = "How long are database backups kept?";

  @Test
  void anAnswerRecordedWithItsCommitIsReproducedExactlyWhileMainMovesOn(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo);
    Map<String, String> docs =
        Map.of(
            "docs/ops/backups.md", "Nightly database backups are kept for thirty-five days.",
            "docs/ops/oncall.md", "On-call engineers rotate weekly on Monday mornings.",
            "docs/ops/certs.md", "TLS certificates renew automatically a month before expiry.",
            "docs/faq/billing.md", "Invoices are sent on the first business day of the month.",
            "docs/faq/passwords.md",
                "Reset a forgotten password with the link on the sign-in page.",
            "docs/faq/quotas.md", "Storage quotas can be raised by a workspace administrator.");
    docs.forEach((path, text) -> repo.put(MAIN, path, text));
    publish(repo, table, allocator, embedder, repo.commit(MAIN, "docs", Map.of()).getId());
    TableSearch search = new TableSearch(repo.lakeFs(), repo.tables(allocator, embedder), embedder);

    SearchAnswer recorded = search.search(table, MAIN, QUERY, 4, Optional.empty());

    assertThat(recorded.commit()).isEqualTo(repo.head(MAIN));
    assertThat(recorded.model()).isEqualTo(embedder.model().stamp());
    assertThat(recorded.hits()).hasSize(4);
    assertThat(recorded.hits().get(0).path()).isEqualTo("docs/ops/backups.md");
    // A query embedded by another model than the table's would return plausible, wrong hits: a
    // search that has only another model refuses.
    HashEmbedder otherModel = new HashEmbedder();
    assertThatThrownBy(
            () ->
                new TableSearch(repo.lakeFs(), repo.tables(allocator, otherModel), otherModel)
                    .search(table, MAIN, QUERY, 4, Optional.empty()))
        .isInstanceOf(SearchException.class)
        .hasMessageContaining("was embedded with " + embedder.model().stamp())
        .hasMessageContaining("cannot embed the query here")
        .hasMessageContaining("only hash@1");

    // Main moves on: the backup policy changes, and a new document answers the question better.
    repo.put(MAIN, "docs/ops/backups.md", "Backups moved to the new storage team last spring.");
    repo.put(
        MAIN,
        "docs/ops/retention.md",
        "Database backups are now kept for ninety days before they are deleted.");
    publish(
        repo, table, allocator, embedder, repo.commit(MAIN, "retention policy", Map.of()).getId());

    SearchAnswer again = search.search(table, recorded.commit(), QUERY, 4, Optional.empty());
    SearchAnswer now = search.search(table, MAIN, QUERY, 4, Optional.empty());

    assertThat(again.commit()).isEqualTo(recorded.commit());
    assertThat(again.hits()).isEqualTo(recorded.hits());
    assertThat(now.commit()).isNotEqualTo(recorded.commit());
    assertThat(now.hits().get(0).path()).isEqualTo("docs/ops/retention.md");
    assertThat(now.hits()).isNotEqualTo(recorded.hits());

    // The stock Python client, at the recorded commit, ranks the same chunks the same way.
    LanceDbPython python = new LanceDbPython(repo.settings());
    LanceLocation recordedTable = new LanceLocation(repo.name(), recorded.commit(), table.path());
    SearchAnswer byVector =
        search.search(table, recorded.commit(), QUERY, 4, Optional.empty(), SearchMode.VECTOR);
    assertThat(recorded.mode()).isEqualTo("hybrid");
    assertThat(byVector.mode()).isEqualTo("vector");
    assertThat(python.nearestIds(recordedTable, embedder.embed(List.of(QUERY)).get(0), 4))
        .isEqualTo(byVector.hits().stream().map(SearchHit::id).toList());

    // Words: the full-text index that Lance keeps in the same commit finds an exact term the
    // vector ranks lower, and the stock client answers full-text and hybrid queries on it too.
    SearchAnswer byText =
        search.search(table, MAIN, "ninety", 3, Optional.empty(), SearchMode.TEXT);
    assertThat(byText.hits()).extracting(SearchHit::path).containsExactly("docs/ops/retention.md");
    assertThat(byText.hits().get(0).context()).isEqualTo("retention");
    LanceLocation mainTable = new LanceLocation(repo.name(), now.commit(), table.path());
    assertThat(python.textIds(mainTable, "ninety", null, 3))
        .isEqualTo(byText.hits().stream().map(SearchHit::id).toList());
    List<String> pythonHybrid =
        python.textIds(mainTable, "ninety days", embedder.embed(List.of("ninety days")).get(0), 3);
    assertThat(pythonHybrid).first().isEqualTo(byText.hits().get(0).id());
    assertThat(search.search(table, MAIN, "ninety days", 3, Optional.empty()).hits())
        .first()
        .extracting(SearchHit::id)
        .isEqualTo(pythonHybrid.get(0));

    // A prefix narrows the search before ranking.
    assertThat(search.search(table, MAIN, QUERY, 3, Optional.of("docs/faq/")).hits())
        .hasSize(3)
        .allMatch(h -> h.path().startsWith("docs/faq/"));

    // From the hit back to its origin: the chunk as embedded, the object, who changed it.
    SearchHit top = now.hits().get(0);
    Explainer explainer = new Explainer(repo.lakeFs(), repo.s3(), search);
    Explanation chunk =
        explainer.explain(table, now.commit(), top.path(), Optional.of(top.chunk()));
    assertThat(chunk.content()).isEqualTo(top.text());
    assertThat(chunk.span()).containsExactly(top.start(), top.end());
    assertThat(chunk.history())
        .extracting(Explanation.Change::message)
        .first()
        .asString()
        .contains("retention policy");
    Explanation backups =
        explainer.explain(table, now.commit(), "docs/ops/backups.md", Optional.empty());
    assertThat(backups.content()).contains("new storage team");
    assertThat(backups.history())
        .extracting(Explanation.Change::message)
        .contains("retention policy", "docs");

    // GET /search answers the same as the Java API, to a caller with lakeFS credentials only: it
    // reads the table as that caller.
    try (HttpEndpoints http =
        HttpEndpoints.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Map.of(
                SearchEndpoint.PATH,
                new SearchEndpoint(
                    SearchAsCaller.of(
                        List.of(table),
                        new CallerAuth(repo.settings(), LakeFsErrors.NONE),
                        allocator,
                        embedder))),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      URI uri =
          URI.create(
              "http://127.0.0.1:"
                  + http.port()
                  + SearchEndpoint.PATH
                  + "?table=docs&k=4&ref="
                  + recorded.commit()
                  + "&q="
                  + URLEncoder.encode(QUERY, StandardCharsets.UTF_8));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> anonymous =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
      assertThat(anonymous.body()).doesNotContain("retention");
      HttpResponse<String> wrong =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", basic(repo.settings().accessKeyId(), "not-the-secret"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(401);
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri)
                  .header(
                      "Authorization",
                      basic(
                          repo.settings().accessKeyId(),
                          repo.settings().secretAccessKey().reveal()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(response.body());
      assertThat(json.get("commit").asText()).isEqualTo(recorded.commit());
      List<String> ids = new ArrayList<>();
      json.get("hits").forEach(h -> ids.add(h.get("id").asText()));
      assertThat(ids).isEqualTo(recorded.hits().stream().map(SearchHit::id).toList());
      assertThat(json.at("/hits/0/source_commit").asText()).isNotBlank();
    }
  }

  private static String basic(String key, String secret) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCommandLineAnswersWithTheCommitAndRefusesBadInputClearly(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path dir)
      throws Exception {
    TableConfig table = table(repo);
    Path config =
        Files.writeString(
            dir.resolve("lakesync.yaml"),
            "tables: [{name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}]\n");
    repo.put(MAIN, "docs/a.md", "Nightly database backups are kept for thirty-five days.");
    String data = repo.commit(MAIN, "docs", Map.of()).getId();

    // Before any sync there is no table to search.
    Processes.Result noTable = cli(repo, "search", config, "--table", "docs", QUERY);
    assertThat(noTable.exitCode()).isEqualTo(1);
    assertThat(noTable.stderr()).contains("no lakesync table lancedb/docs.lance at main");

    publish(repo, table, allocator, embedder, data);
    Processes.Result json =
        cli(repo, "search", config, "--table", "docs", "--ref", MAIN, "--json", QUERY);
    assertThat(json.exitCode()).as(json.stderr()).isZero();
    JsonNode answer = new ObjectMapper().readTree(json.stdout());
    assertThat(answer.get("commit").asText()).isEqualTo(repo.head(MAIN));
    assertThat(answer.at("/hits/0/path").asText()).isEqualTo("docs/a.md");
    Processes.Result human = cli(repo, "search", config, "--table", "docs", QUERY);
    assertThat(human.stdout())
        .contains("table docs at main = commit " + repo.head(MAIN))
        .contains("docs/a.md");

    Processes.Result unknownRef =
        cli(repo, "search", config, "--table", "docs", "--ref", "no-such-ref", QUERY);
    Processes.Result unknownTable = cli(repo, "search", config, "--table", "nah", QUERY);
    Processes.Result unknownCommit =
        cli(
            repo,
            "explain",
            config,
            "--table",
            "docs",
            "--commit",
            "abc123",
            "--path",
            "docs/a.md");
    Processes.Result unknownPath =
        cli(repo, "explain", config, "--table", "docs", "--commit", data, "--path", "docs/zz.md");

    assertThat(unknownRef.exitCode()).isEqualTo(1);
    assertThat(unknownRef.stderr())
        .contains("no branch, tag or commit 'no-such-ref' in repository " + repo.name());
    assertThat(unknownTable.exitCode()).isEqualTo(2);
    assertThat(unknownTable.stderr()).contains("no table 'nah'");
    assertThat(unknownCommit.exitCode()).isEqualTo(1);
    assertThat(unknownCommit.stderr()).contains("no branch, tag or commit 'abc123'");
    assertThat(unknownPath.exitCode()).isEqualTo(1);
    assertThat(unknownPath.stderr()).contains("no object docs/zz.md at commit " + data);
    for (Processes.Result bad :
        List.of(noTable, unknownRef, unknownTable, unknownCommit, unknownPath)) {
      assertThat(bad.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  private static Processes.Result cli(
      LakeFsTestRepository repo, String command, Path config, String... args) {
    List<String> line = new ArrayList<>();
    line.add(ProjectDir.get().resolve("bin/lakesync").toString());
    line.add(command);
    line.add("--config");
    line.add(config.toString());
    line.addAll(List.of(args));
    return Processes.run(
        line, ProjectDir.get(), repo.cliEnvironment(), null, Duration.ofMinutes(3));
  }

  private static void publish(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      String commit)
      throws Exception {
    PublishOutcome outcome =
        new TablePublisher(
                repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test")
            .publish(table, commit);
    assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
  }

  private static TableConfig table(LakeFsTestRepository repo) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}]")
        .tables()
        .get(0);
  }
}

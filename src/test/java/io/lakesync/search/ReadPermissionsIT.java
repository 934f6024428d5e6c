package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakefs.clients.sdk.ApiException;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.http.StatusPage;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.status.StatusBoard;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsAclStack;
import io.lakesync.testing.LakeFsSdk;
import io.lakesync.testing.LakeFsTestRepository;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * lakesync shows a caller only what lakeFS lets them read: on a lakeFS with per-user permissions
 * (its ACL auth server), a user who may read one repository searches that repository's table like
 * the admin does, is refused the other's without a word of its content, and sees only the first on
 * the status page. The refusal is lakeFS's own: the same user cannot read the other repository
 * through lakeFS directly either.
 */
@ExtendWith({ArrowExtension.class, EmbedderExtension.class})
class ReadPermissionsIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final Map<String, String> HANDBOOK =
      Map.of(
          "docs/leave.md", "Employees get twenty-eight days of paid leave per year.",
          "docs/laptops.md", "Lost laptops are reported to the service desk within a day.",
          "docs/travel.md", "Train travel is booked through the travel portal.");
  private static final Map<String, String> PAYROLL =
      Map.of(
          "docs/salaries.md", "Salaries are paid on the twenty-fifth of every month.",
          "docs/bonus.md", "The annual bonus pool is eleven percent of profit.",
          "docs/raises.md", "Raises are decided in the March compensation review.");

  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void aReaderSearchesAndSeesOnlyWhatLakeFsLetsThemRead(
      BufferAllocator allocator, DjlTextEmbedder embedder) throws Exception {
    try (LakeFsAclStack stack = LakeFsAclStack.start();
        LakeFsTestRepository handbook = stack.createRepository("handbook");
        LakeFsTestRepository payroll = stack.createRepository("payroll")) {
      TableConfig handbookTable = table("handbook-docs", handbook);
      TableConfig payrollTable = table("payroll-docs", payroll);
      sync(handbook, handbookTable, HANDBOOK, allocator, embedder);
      sync(payroll, payrollTable, PAYROLL, allocator, embedder);
      LakeFsSettings admin = stack.adminSettings();
      LakeFsSettings reader = stack.reader("reader", handbook.name());

      // lakeFS itself refuses the reader the payroll repository, and only that.
      LakeFsSdk asReader = LakeFsSdk.connect(reader);
      assertThat(asReader.commits().getCommit(handbook.name(), handbook.head(MAIN)).execute())
          .isNotNull();
      assertThatThrownBy(
              () -> asReader.commits().getCommit(payroll.name(), payroll.head(MAIN)).execute())
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(401);
                assertThat(e.getResponseBody()).contains("insufficient permissions");
              });

      CallerAuth auth = new CallerAuth(admin, LakeFsErrors.NONE);
      try (HttpEndpoints http =
          HttpEndpoints.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              Map.of(
                  SearchEndpoint.PATH,
                  new SearchEndpoint(
                      SearchAsCaller.of(
                          List.of(handbookTable, payrollTable), auth, allocator, embedder)),
                  "/",
                  new StatusPage(
                      new StatusBoard(List.of(handbookTable.name(), payrollTable.name())),
                      "test",
                      auth,
                      Map.of(
                          handbookTable.name(), handbook.name(),
                          payrollTable.name(), payroll.name()))),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        String base = "http://127.0.0.1:" + http.port();
        URI searchHandbook = search(base, handbookTable, "How many days of paid leave?");
        URI searchPayroll = search(base, payrollTable, "When are salaries paid?");

        HttpResponse<String> adminHandbook = get(searchHandbook, Optional.of(admin));
        HttpResponse<String> readerHandbook = get(searchHandbook, Optional.of(reader));
        assertThat(adminHandbook.statusCode()).as(adminHandbook.body()).isEqualTo(200);
        assertThat(readerHandbook.statusCode()).as(readerHandbook.body()).isEqualTo(200);
        assertThat(hitIds(readerHandbook)).isNotEmpty().isEqualTo(hitIds(adminHandbook));

        HttpResponse<String> adminPayroll = get(searchPayroll, Optional.of(admin));
        assertThat(adminPayroll.statusCode()).isEqualTo(200);
        assertThat(adminPayroll.body()).contains("docs/salaries.md");
        HttpResponse<String> readerPayroll = get(searchPayroll, Optional.of(reader));
        assertThat(readerPayroll.statusCode()).as(readerPayroll.body()).isEqualTo(403);
        JsonNode refusal = new ObjectMapper().readTree(readerPayroll.body());
        assertThat(refusal.fieldNames()).toIterable().containsExactly("error");
        assertThat(refusal.get("error").asText()).contains(payroll.name());
        assertNoContentOf(PAYROLL, readerPayroll.body());

        HttpResponse<String> anonymous = get(searchHandbook, Optional.empty());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertNoContentOf(HANDBOOK, anonymous.body());
        HttpResponse<String> wrongSecret =
            get(
                searchHandbook,
                Optional.of(
                    new LakeFsSettings(
                        reader.endpoint(), reader.accessKeyId(), Secret.of("not-the-secret"))));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertNoContentOf(HANDBOOK, wrongSecret.body());

        URI status = URI.create(base + "/");
        HttpResponse<String> readerStatus = get(status, Optional.of(reader));
        HttpResponse<String> adminStatus = get(status, Optional.of(admin));
        assertThat(readerStatus.statusCode()).isEqualTo(200);
        assertThat(readerStatus.body())
            .contains(row(handbookTable))
            .doesNotContain(payrollTable.name());
        assertThat(adminStatus.statusCode()).isEqualTo(200);
        assertThat(adminStatus.body()).contains(row(handbookTable), row(payrollTable));
        assertThat(get(status, Optional.empty()).statusCode()).isEqualTo(401);
      }
    }
  }

  private static void sync(
      LakeFsTestRepository repo,
      TableConfig table,
      Map<String, String> docs,
      BufferAllocator allocator,
      DjlTextEmbedder embedder)
      throws Exception {
    docs.forEach((path, text) -> repo.put(MAIN, path, text));
    String commit = repo.commit(MAIN, "docs", Map.of()).getId();
    PublishOutcome outcome =
        new TablePublisher(
                repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test")
            .publish(table, commit);
    assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
  }

  private static TableConfig table(String name, LakeFsTestRepository repo) {
    return LakesyncConfig.parse(
            "tables: [{name: "
                + name
                + ", repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}]")
        .tables()
        .get(0);
  }

  private static URI search(String base, TableConfig table, String query) {
    return URI.create(
        base
            + SearchEndpoint.PATH
            + "?table="
            + table.name()
            + "&k=3&q="
            + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(URI uri, Optional<LakeFsSettings> as) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    as.ifPresent(s -> request.header("Authorization", basic(s)));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(LakeFsSettings settings) {
    String pair = settings.accessKeyId() + ":" + settings.secretAccessKey().reveal();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> hitIds(HttpResponse<String> response) throws Exception {
    List<String> ids = new ArrayList<>();
    new ObjectMapper()
        .readTree(response.body())
        .get("hits")
        .forEach(h -> ids.add(h.get("id").asText()));
    return ids;
  }

  private static void assertNoContentOf(Map<String, String> docs, String body) {
    docs.forEach(
        (path, text) ->
            assertThat(body).doesNotContain(path).doesNotContain(text.substring(0, 12)));
  }

  /** A table's row on the status page starts with its name in bold. */
  private static String row(TableConfig table) {
    return "<td><b>" + table.name() + "</b></td>";
  }
}

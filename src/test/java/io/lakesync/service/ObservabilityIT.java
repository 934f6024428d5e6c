package io.lakesync.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lakesync.config.KafkaSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.Secret;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.Readiness;
import io.lakesync.stream.SyncTopology;
import io.lakesync.stream.TopicNames;
import io.lakesync.testing.Await;
import io.lakesync.testing.Chromium;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.KafkaBroker;
import io.lakesync.testing.KafkaExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsServer;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.ServiceYaml;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service as an operator sees it: /metrics after real syncs, with every metric the Grafana
 * dashboard and the alert rules use; lag that shows a waiting backlog and drains to 0; readiness;
 * the status page.
 */
@ExtendWith({LakeFsExtension.class, KafkaExtension.class, EmbedderExtension.class})
class ObservabilityIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final Pattern METRIC = Pattern.compile("\\blakesync_[a-z_]+");
  private static final int BACKLOG = 25;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metricsShowABacklogDrainingAndEveryDashboardSeriesExists(
      LakeFsTestRepository repo, KafkaBroker kafka, DjlTextEmbedder embedder) throws Exception {
    String app = "obs-" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 5; i++) {
      repo.put("main", "docs/faq-" + i + ".md", "Answer " + i + ": invoices are sent monthly.");
    }
    var seed = repo.commit("main", "seed", Map.of());
    String head = seed.getId();
    // lakeFS dates commits in whole seconds: wait until the unsynced commit is a second old, so
    // "seconds behind" is measurably above 0.
    Await.until(
        Duration.ofSeconds(5),
        () -> java.time.Instant.now().getEpochSecond() > seed.getCreationDate(),
        () -> "the clock did not pass the commit's second");
    LakesyncConfig config =
        LakesyncConfig.parse(
            ServiceYaml.section(app, 2, 0, 3600, ProjectDir.buildDir().resolve("it-streams-" + app))
                + "tables:\n  - {name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**']}\n");
    KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers());
    // A backlog waits before the service starts: events for the head, and one malformed event.
    KafkaClients.createMissingTopics(
        settings,
        config.service(),
        new TopicNames(
            config.service().inputTopic(),
            config.service().statusTopic(),
            config.service().deadLetterTopic()));
    try (Producer<byte[], byte[]> producer = KafkaClients.producer(settings)) {
      byte[] event =
          ("{\"repository_id\":\""
                  + repo.name()
                  + "\",\"branch_id\":\"main\",\"commit_id\":\""
                  + head
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < BACKLOG; i++) {
        producer.send(new ProducerRecord<>(config.service().inputTopic(), event)).get();
      }
      producer
          .send(
              new ProducerRecord<>(
                  config.service().inputTopic(), "{oops".getBytes(StandardCharsets.UTF_8)))
          .get();
    }

    try (SyncService service =
        SyncService.start(
            config,
            repo.settings(),
            settings,
            Secret.of(LakeFsServer.WEBHOOK_SECRET),
            embedder,
            "test")) {
      String base = "http://127.0.0.1:" + service.webhookPort();
      String input = config.service().inputTopic();
      String repartition = SyncTopology.repartitionTopic(app);

      // Measured before Streams consumed anything: the whole backlog, and a table not there yet.
      String first = get(base + "/metrics");
      assertThat(gauge(first, "lakesync_consumer_lag", "topic", input)).isEqualTo(BACKLOG + 1);
      assertThat(gauge(first, "lakesync_table_commits_behind", "table", "docs")).isPositive();
      assertThat(gauge(first, "lakesync_table_seconds_behind", "table", "docs")).isPositive();

      Await.until(
          WAIT,
          () -> {
            String now = get(base + "/metrics");
            return gauge(now, "lakesync_consumer_lag", "topic", input) == 0
                && gauge(now, "lakesync_consumer_lag", "topic", repartition) == 0
                && gauge(now, "lakesync_table_commits_behind", "table", "docs") == 0
                && gauge(now, "lakesync_table_seconds_behind", "table", "docs") == 0;
          },
          () -> "lag never drained:\n" + grep(get(base + "/metrics"), "lag|behind"));

      String scraped = get(base + "/metrics");
      assertThat(gauge(scraped, "lakesync_syncs_total", "outcome", "merged")).isEqualTo(1);
      // The first event syncs; the other 24 and the reconciler's event at start find it done.
      assertThat(gauge(scraped, "lakesync_syncs_total", "outcome", "noop")).isEqualTo(BACKLOG);
      assertThat(gauge(scraped, "lakesync_dead_letters_total", null, null)).isEqualTo(1);
      assertThat(gauge(scraped, "lakesync_model_calls_total", "table", "docs")).isEqualTo(5);
      assertThat(scraped).contains("lakesync_sync_duration_seconds_bucket{");
      Set<String> used = new TreeSet<>();
      used.addAll(metricsIn(dashboardExpressions()));
      used.addAll(metricsIn(alertExpressions()));
      assertThat(used).hasSizeGreaterThan(10);
      for (String metric : used) {
        assertThat(scraped).as("/metrics has " + metric).containsPattern("(?m)^" + metric + "[{ ]");
      }

      assertThat(status(base + Readiness.PATH)).isEqualTo(200);
      // Health and metrics are open; the status page shows repository state: lakeFS credentials.
      assertThat(status(base + "/")).isEqualTo(401);
      String key = repo.settings().accessKeyId();
      String secret = repo.settings().secretAccessKey().reveal();
      String page = get(base + "/", key, secret);
      assertThat(page)
          .contains("<td><b>docs</b></td>")
          .contains(head.substring(0, 12))
          .contains("merged")
          .contains(input);

      // As an operator's browser shows it: Chromium loads the live page; the screenshot stays in
      // target/ for a human to look at.
      String signedIn = "http://" + key + ":" + secret + "@127.0.0.1:" + service.webhookPort();
      String dom = Chromium.dom(signedIn + "/");
      assertThat(dom).contains("<b>docs</b>").contains("commits behind").contains(input);
      Path screenshot = ProjectDir.buildDir().resolve("status-page.png");
      Files.deleteIfExists(screenshot);
      Chromium.screenshot(signedIn + "/", screenshot, 1280, 800);
      byte[] png = Files.readAllBytes(screenshot);
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
      assertThat(png.length).isGreaterThan(10_000);
    }
  }

  private String get(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(url, e);
    }
  }

  private String get(String url, String key, String secret) throws Exception {
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString((key + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return response.body();
  }

  private int status(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** The value of a series with the given label (or, without a label, the unlabelled series). */
  static double gauge(String scrape, String metric, String label, String value) {
    String labels =
        label == null ? "" : "\\{[^}]*" + label + "=\"" + Pattern.quote(value) + "\"[^}]*\\}";
    Matcher m = Pattern.compile("(?m)^" + metric + labels + " ([0-9.eE+-]+)$").matcher(scrape);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
      found = true;
    }
    if (!found) {
      throw new AssertionError(
          "no " + metric + " " + label + "=" + value + " in:\n" + grep(scrape, metric));
    }
    return sum;
  }

  private static String grep(String scrape, String pattern) {
    return scrape
        .lines()
        .filter(l -> l.matches(".*(" + pattern + ").*"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static String dashboardExpressions() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(ProjectDir.get().resolve("config/grafana/lakesync-dashboard.json").toFile());
    StringBuilder exprs = new StringBuilder();
    dashboard.findValues("expr").forEach(e -> exprs.append(e.asText()).append('\n'));
    return exprs.toString();
  }

  private static String alertExpressions() throws Exception {
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(ProjectDir.get().resolve("config/prometheus/lakesync-alerts.yaml").toFile());
    StringBuilder exprs = new StringBuilder();
    rules.findValues("expr").forEach(e -> exprs.append(e.asText()).append('\n'));
    return exprs.toString();
  }

  private static Set<String> metricsIn(String expressions) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(expressions);
    while (m.find()) {
      // A histogram is used through its buckets; the scrape has those.
      names.add(m.group());
    }
    return names;
  }
}

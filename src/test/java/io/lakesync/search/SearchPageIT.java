package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search page in a real browser (headless Chromium from Debian's package) against a real table
 * on lakeFS: a person's question shows hits with their heading path, marked words and the commit
 * the answer is pinned to. The screenshot lands in {@code target/search-page.png}.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class SearchPageIT {
  @Test
  void aQuestionInTheBrowserShowsHitsPinnedToTheirCommit(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path profile)
      throws Exception {
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: "
                    + repo.name()
                    + ", branch: main, include: ['docs/**']}]")
            .tables()
            .get(0);
    repo.put(
        LakeFsTestRepository.MAIN,
        "docs/ops/backups.md",
        "# Operations handbook\n\n## Backups\n\nNightly database backups are kept for thirty-five"
            + " days.\n\n## Restores\n\nA restore from backup takes about an hour.");
    repo.put(
        LakeFsTestRepository.MAIN,
        "docs/faq/billing.html",
        "<title>Billing FAQ</title><h1>Billing</h1><h2>Invoices</h2>"
            + "<p>Invoices are sent on the first business day of the month.</p>");
    String commit = repo.commit(LakeFsTestRepository.MAIN, "docs", Map.of()).getId();
    PublishOutcome outcome =
        new TablePublisher(
                repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test")
            .publish(table, commit);
    assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.MERGED);
    String merged = repo.head(LakeFsTestRepository.MAIN);

    try (HttpEndpoints http =
        HttpEndpoints.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Map.of(
                SearchPage.PATH,
                new SearchPage(
                    SearchAsCaller.of(
                        List.of(table),
                        new CallerAuth(repo.settings(), LakeFsErrors.NONE),
                        allocator,
                        embedder))),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      String url =
          "http://"
              + encode(repo.settings().accessKeyId())
              + ":"
              + encode(repo.settings().secretAccessKey().reveal())
              + "@127.0.0.1:"
              + http.port()
              + SearchPage.PATH
              + "?table=docs&ref=main&mode=hybrid&q="
              + encode("how long do we keep database backups");
      Path screenshot = ProjectDir.get().resolve("target/search-page.png");
      Files.deleteIfExists(screenshot);

      String dom = chromium(profile, "--dump-dom", url).stdout();
      chromium(profile, "--screenshot=" + screenshot, url);

      assertThat(dom)
          .contains("docs/ops/backups.md")
          .contains("<div class=\"ctx\">Operations handbook</div>")
          .contains("<mark>database</mark> <mark>backups</mark>")
          .contains("= commit <a href=")
          .contains(merged)
          .contains("--ref " + merged + " --mode hybrid");
      assertThat(dom.indexOf("docs/ops/backups.md")).isLessThan(dom.indexOf("docs/faq/billing"));
      assertThat(screenshot).exists();
      assertThat(Files.size(screenshot)).isGreaterThan(10_000);

      // Without credentials the browser gets the challenge, not the hits.
      String anonymous =
          chromium(profile, "--dump-dom", url.replaceFirst("//[^@]+@", "//")).stdout();
      assertThat(anonymous).doesNotContain("thirty-five");
    }
  }

  private static Processes.Result chromium(Path profile, String... args) {
    List<String> command = new ArrayList<>();
    command.add(System.getenv().getOrDefault("CHROMIUM", "chromium"));
    command.addAll(
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--window-size=1200,900"));
    command.addAll(List.of(args));
    return Processes.run(command, profile, Map.of(), null, Duration.ofSeconds(90))
        .requireSuccess(command);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

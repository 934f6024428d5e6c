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
import io.lakesync.sync.ImageIndexing;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.TestImages;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The search page in a real browser (headless Chromium from Debian's package) against a real table
 * on lakeFS: a person's question shows hits with their heading path, marked words and the commit
 * the answer is pinned to; a question a photo answers shows the photo's thumbnail. The screenshot
 * (of the latter) lands in {@code target/search-page.png}; docs/images/search-page.png is a copy.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class SearchPageIT {
  @Test
  void aQuestionInTheBrowserShowsHitsPinnedToTheirCommit(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path profile,
      @TempDir Path modelCache)
      throws Exception {
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: "
                    + repo.name()
                    + ", branch: main, include: ['docs/**'], images: {enabled: true, ocr: 'off'}}]")
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
    repo.put(
        LakeFsTestRepository.MAIN,
        "docs/pets/feeding.md",
        "# Pets\n\n## Cats\n\nA cat sleeps most of the day; feed it twice a day.");
    Map<String, byte[]> samples = TestImages.skimageSamples();
    for (String photo : List.of("chelsea.png", "coffee.png", "astronaut.png")) {
      repo.s3()
          .putObject(
              b -> b.bucket(repo.name()).key(LakeFsTestRepository.MAIN + "/docs/photos/" + photo),
              RequestBody.fromBytes(samples.get(photo)));
    }
    String commit = repo.commit(LakeFsTestRepository.MAIN, "docs", Map.of()).getId();
    PublishOutcome outcome;
    try (ImageIndexing images = ImageIndexing.bundled(modelCache)) {
      outcome =
          new TablePublisher(
                  repo.lakeFs(),
                  repo.s3(),
                  repo.tables(allocator, embedder),
                  embedder,
                  images,
                  "test")
              .publish(table, commit);
    }
    assertThat(outcome.status()).isEqualTo(PublishOutcome.Status.MERGED);
    String merged = repo.head(LakeFsTestRepository.MAIN);

    CallerSearch callers =
        SearchAsCaller.of(
            List.of(table),
            new CallerAuth(repo.settings(), LakeFsErrors.NONE),
            allocator,
            embedder);
    try (HttpEndpoints http =
        HttpEndpoints.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Map.of(
                SearchPage.PATH,
                new SearchPage(callers),
                ThumbnailEndpoint.PATH,
                new ThumbnailEndpoint(callers)),
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
      String dom = chromium(profile, "--dump-dom", url).stdout();

      assertThat(dom)
          .contains("docs/ops/backups.md")
          .contains("<div class=\"ctx\">Operations handbook</div>")
          .contains("<mark>database</mark> <mark>backups</mark>")
          .contains("= commit <a href=")
          .contains(merged)
          .contains("--ref " + merged + " --mode hybrid");
      assertThat(dom.indexOf("docs/ops/backups.md")).isLessThan(dom.indexOf("docs/faq/billing"));

      // A question a photo answers: the photo shows as a thumbnail, read as the caller at the
      // answer's commit, with its labels and a link to similar images.
      String catUrl = url.replaceFirst("&q=.*", "&q=" + encode("a cat sleeping"));
      Path screenshot = ProjectDir.get().resolve("target/search-page.png");
      Files.deleteIfExists(screenshot);
      String cats = chromium(profile, "--dump-dom", catUrl).stdout();
      chromium(profile, "--screenshot=" + screenshot, catUrl);
      Matcher thumb =
          Pattern.compile("<img class=\"thumb\" alt=\"([^\"]+)\" src=\"([^\"]+)\"").matcher(cats);
      assertThat(thumb.find()).as(cats).isTrue();
      assertThat(thumb.group(1)).isEqualTo("docs/photos/chelsea.png");
      assertThat(cats).contains("labels: ").contains(">similar images</a>");
      String thumbnail = thumb.group(2).replace("&amp;", "&");
      assertThat(thumbnail).contains("commit=" + merged);
      HttpResponse<byte[]> image =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + thumbnail))
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder()
                                  .encodeToString(
                                      (repo.settings().accessKeyId()
                                              + ":"
                                              + repo.settings().secretAccessKey().reveal())
                                          .getBytes(StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(TestImages.read(image.body()).getWidth()).isPositive();
      HttpResponse<byte[]> anonymousImage =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + thumbnail))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(anonymousImage.statusCode()).isEqualTo(401);
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

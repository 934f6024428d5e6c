package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.http.CallerAuth;
import io.lakesync.http.HttpEndpoints;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.table.LanceLocation;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.TestImages;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Image-to-image search on the real stack: sample photos, a resized and re-compressed copy of one
 * of them and a few documents, synced with images on. The copy finds itself and then its original;
 * the stock Python client ranks the same images on {@code image_vector}; a text query for a cat
 * finds the cat among the images; over HTTP, only a caller with a valid key pair gets hits and
 * thumbnails.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class ImageSearchIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final List<String> SAMPLES =
      List.of(
          "chelsea.png",
          "coffee.png",
          "astronaut.png",
          "rocket.jpg",
          "motorcycle_left.png",
          "horse.png");
  private static final String COPY = "photos/copies/chelsea-small.jpg";

  @Test
  void aResizedCopyFindsItselfThenItsOriginalAndTheAnswerIsTheStockClients(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path modelCache)
      throws Exception {
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: "
                    + repo.name()
                    + ", branch: main, include: ['docs/**', 'photos/**'],"
                    + " images: {enabled: true, ocr: 'off'}}]")
            .tables()
            .get(0);
    Map<String, byte[]> samples = TestImages.skimageSamples();
    for (String name : SAMPLES) {
      put(repo, "photos/" + name, samples.get(name));
    }
    BufferedImage chelsea = TestImages.read(samples.get("chelsea.png"));
    byte[] copy = TestImages.jpeg(TestImages.scaled(chelsea, 0.6), 0.7f);
    put(repo, COPY, copy);
    repo.put(MAIN, "docs/pets.md", "# Pets\n\nCats sleep most of the day; feed them twice.");
    repo.put(MAIN, "docs/coffee.md", "# Coffee\n\nGrind the beans just before brewing.");
    repo.put(MAIN, "docs/space.md", "# Space\n\nAstronauts train for years before a flight.");
    String source = repo.commit(MAIN, "photos and docs", Map.of()).getId();
    TableOpener tables = repo.tables(allocator, embedder);
    try (ImageIndexing images = ImageIndexing.bundled(modelCache)) {
      PublishOutcome outcome =
          new TablePublisher(repo.lakeFs(), repo.s3(), tables, embedder, images, "test")
              .publish(table, source);
      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      QueryImages queryImages = new QueryImages(images, ObjectReader.gateway(repo.settings()));
      TableSearch search = new TableSearch(repo.lakeFs(), tables, embedder).withImages(queryImages);

      // A local file: the copy itself (distance ~0), then its original, before every other image.
      SearchAnswer byFile =
          search.searchImage(
              table, MAIN, new QueryImage.Bytes("copy.jpg", copy), 5, Optional.empty());
      assertThat(byFile.mode()).isEqualTo("image");
      assertThat(byFile.commit()).isEqualTo(repo.head(MAIN));
      assertThat(byFile.model()).isEqualTo(images.imageModel());
      assertThat(byFile.hits()).hasSize(5);
      assertThat(byFile.hits().get(0).path()).isEqualTo(COPY);
      assertThat(byFile.hits().get(0).score()).isGreaterThan(0.999);
      assertThat(byFile.hits().get(1).path()).isEqualTo("photos/chelsea.png");
      assertThat(byFile.hits().get(1).score()).isGreaterThan(byFile.hits().get(2).score() + 0.05);
      assertThat(byFile.hits())
          .allSatisfy(
              h -> {
                assertThat(h.modality()).isEqualTo(SearchHit.IMAGE);
                assertThat(h.chunk()).isZero();
                assertThat(h.labels()).isNotEmpty();
                assertThat(h.sourceCommit()).isEqualTo(source);
              });
      System.out.printf(
          "image search for the copy: %s%n",
          byFile.hits().stream()
              .map(h -> h.path() + "=" + String.format("%.4f", h.score()))
              .toList());

      // The same object named in lakeFS, read as the caller: the same answer.
      SearchAnswer byObject =
          search.searchImage(
              table,
              MAIN,
              new QueryImage.LakeFsObject(repo.name(), MAIN, COPY),
              5,
              Optional.empty());
      assertThat(ids(byObject)).isEqualTo(ids(byFile));

      // The stock Python client, on image_vector at the commit, ranks the same images.
      LanceDbPython python = new LanceDbPython(repo.settings());
      ObjectNode request =
          python.request(new LanceLocation(repo.name(), byFile.commit(), table.path()));
      request.set(
          "query",
          new ObjectMapper()
              .valueToTree(queryImages.vectorOf(table, new QueryImage.Bytes("copy.jpg", copy))));
      request.put("vector_column", "image_vector");
      request.put("k", 5);
      JsonNode hits = python.run(request).get("hits");
      assertThat(StreamSupport.stream(hits.spliterator(), false).map(h -> h.get("id").asText()))
          .containsExactlyElementsOf(ids(byFile));

      // Text finds the cat among the images: the photo and its copy, above every other image.
      SearchAnswer byText = search.search(table, MAIN, "a cat", 10, Optional.empty());
      List<SearchHit> imageHits = byText.hits().stream().filter(SearchHit::isImage).toList();
      System.out.printf(
          "text search 'a cat', image hits: %s%n",
          imageHits.stream().map(h -> h.path() + " " + h.labels()).toList());
      assertThat(imageHits).hasSizeGreaterThanOrEqualTo(3);
      assertThat(imageHits.subList(0, 2))
          .extracting(SearchHit::path)
          .containsExactlyInAnyOrder("photos/chelsea.png", COPY);
      assertThat(imageHits.get(0).labels()).isNotEmpty();
      assertThat(byText.hits().stream().filter(h -> !h.isImage()))
          .allSatisfy(h -> assertThat(h.labels()).isEmpty());

      servedAsTheCallerOnly(repo, table, allocator, embedder, queryImages, byFile);
    }
  }

  private static void servedAsTheCallerOnly(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      QueryImages queryImages,
      SearchAnswer expected)
      throws Exception {
    CallerSearch callers =
        new CallerSearch(
            List.of(table),
            new CallerAuth(repo.settings(), LakeFsErrors.NONE),
            caller ->
                new TableSearch(
                        caller.lakeFs(),
                        new TableOpener(allocator, caller.settings(), embedder.model().dimension()),
                        embedder)
                    .withImages(
                        new QueryImages(
                            queryImages.indexing(), ObjectReader.gateway(caller.settings()))));
    try (HttpEndpoints http =
        HttpEndpoints.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Map.of(
                SearchEndpoint.PATH,
                new SearchEndpoint(callers),
                ThumbnailEndpoint.PATH,
                new ThumbnailEndpoint(callers)),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      String base = "http://127.0.0.1:" + http.port();
      URI search =
          URI.create(
              base
                  + "/search?table=docs&k=5&image="
                  + encode("lakefs://" + repo.name() + "/" + MAIN + "/" + COPY));
      URI thumbnail =
          URI.create(
              base
                  + "/thumbnail?table=docs&commit="
                  + expected.commit()
                  + "&path="
                  + encode("photos/chelsea.png"));
      String owner =
          basic(repo.settings().accessKeyId(), repo.settings().secretAccessKey().reveal());
      String stranger = basic("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
      HttpClient client = HttpClient.newHttpClient();

      HttpResponse<String> answered =
          client.send(get(search, owner), HttpResponse.BodyHandlers.ofString());
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(answered.body());
      assertThat(json.get("mode").asText()).isEqualTo("image");
      assertThat(json.get("commit").asText()).isEqualTo(expected.commit());
      assertThat(
              StreamSupport.stream(json.get("hits").spliterator(), false)
                  .map(h -> h.get("id").asText()))
          .containsExactlyElementsOf(ids(expected));
      assertThat(json.get("hits").get(1).get("modality").asText()).isEqualTo("image");
      assertThat(json.get("hits").get(1).get("labels").get(0).get("label").asText()).isNotBlank();

      HttpResponse<byte[]> small =
          client.send(get(thumbnail, owner), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(small.statusCode()).isEqualTo(200);
      assertThat(small.headers().firstValue("Content-Type")).contains("image/jpeg");
      assertThat(small.headers().firstValue("Cache-Control"))
          .hasValueSatisfying(v -> assertThat(v).contains("immutable").contains("private"));
      BufferedImage preview = TestImages.read(small.body());
      assertThat(Math.max(preview.getWidth(), preview.getHeight())).isEqualTo(Thumbnails.MAX_SIDE);

      for (Optional<String> nobody : List.of(Optional.<String>empty(), Optional.of(stranger))) {
        HttpResponse<String> refused =
            client.send(get(search, nobody.orElse(null)), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain("chelsea");
        HttpResponse<byte[]> noPreview =
            client.send(
                get(thumbnail, nobody.orElse(null)), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(noPreview.statusCode()).isEqualTo(401);
        assertThat(noPreview.headers().firstValue("Content-Type"))
            .isNotEqualTo(Optional.of("image/jpeg"));
      }
    }
  }

  private static HttpRequest get(URI uri, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private static List<String> ids(SearchAnswer answer) {
    return answer.hits().stream().map(SearchHit::id).toList();
  }

  private static void put(LakeFsTestRepository repo, String path, byte[] content) {
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromBytes(content));
  }

  private static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.extract.SkipReason;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.SyncResult;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.TestImages;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Images and documents in one table on the real stack: scikit-image's sample photos, generated
 * images (rendered text, colour fields, a resized and re-compressed copy of the cat) and broken
 * ones, synced with the bundled image model and Tesseract, read back by the stock Python lancedb.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class ImagesIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String CAT = "images/samples/chelsea.png";
  private static final String CAT_COPY = "images/copies/chelsea-small.jpg";
  private static final String INVOICE = "images/scans/invoice.png";

  private final DjlTextEmbedder embedder;

  ImagesIT(DjlTextEmbedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void imagesAndDocumentsInOneTableFoundByTextAndByImage(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path models) throws Exception {
    Map<String, byte[]> samples = TestImages.skimageSamples();
    int decodable = 0;
    for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
      put(repo, "images/samples/" + sample.getKey(), sample.getValue());
      decodable++;
    }
    BufferedImage cat = TestImages.read(samples.get("chelsea.png"));
    put(repo, CAT_COPY, TestImages.jpeg(TestImages.scaled(cat, 0.6), 0.7f));
    put(
        repo,
        INVOICE,
        TestImages.png(TestImages.text(1200, 400, "INVOICE No. 4711", "Total due: 120 EUR")));
    put(
        repo,
        "images/scans/notice.png",
        TestImages.png(TestImages.text(1200, 400, "Quarterly report", "Revenue grew")));
    for (int i = 0; i < 12; i++) {
      put(
          repo,
          "images/fields/field-" + i + ".png",
          TestImages.png(TestImages.colourField(i, 400, 300)));
    }
    decodable += 1 + 2 + 12;
    put(
        repo,
        "images/odd/animated.gif",
        TestImages.animatedGif(solid(Color.RED), solid(Color.BLUE)));
    put(repo, "images/odd/cmyk.jpg", TestImages.cmykJpeg(64, 64, 255, 0, 0, 0));
    decodable += 2;
    // Broken or refused: each skipped with its reason, none stops the sync.
    byte[] jpeg = TestImages.jpeg(cat, 0.9f);
    put(repo, "images/bad/truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    put(repo, "images/bad/empty.jpg", new byte[0]);
    put(repo, "images/bad/text.png", "this is not a picture".getBytes());
    put(repo, "images/bad/bomb.png", TestImages.hugePng(30_000, 30_000));
    put(repo, "images/bad/drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes());
    repo.put(MAIN, "docs/cats.md", "# Cat care\n\nFeed your cat twice a day and keep water fresh.");
    repo.put(MAIN, "docs/billing.md", "# Billing\n\nInvoices are sent on the first of the month.");
    repo.put(MAIN, "docs/backups.md", "# Backups\n\nSnapshots run nightly and are kept 30 days.");
    String seed = repo.commit(MAIN, "images and documents", Map.of()).getId();

    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: media, repository: " + repo.name() + ", branch: main}]")
            .tables()
            .get(0);
    try (ImageIndexing images = ImageIndexing.bundled(models)) {
      TablePublisher publisher =
          new TablePublisher(
              repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, images, "test");

      SyncResult backfill = publish(publisher, table, seed);
      assertThat(backfill.imageModelCalls()).isEqualTo(decodable);
      assertThat(backfill.skipped())
          .containsEntry(SkipReason.UNREADABLE, 1)
          .containsEntry(SkipReason.EMPTY, 1)
          .containsEntry(SkipReason.TOO_LARGE, 1)
          .containsEntry(SkipReason.UNSUPPORTED_TYPE, 2);
      RebuildReference.assertTableEqualsFullRebuild(repo, allocator, table, embedder, images, seed);

      EmbeddingTable media = RebuildReference.tableAt(repo, allocator, MAIN, table.path());
      LanceLocation location = media.location();
      LanceDbPython python = new LanceDbPython(repo.settings());
      assertThat(python.count(location)).isEqualTo(media.countRows());

      // Image to image, in the stock client: the cat's nearest images are itself, then its copy.
      float[] catVector = firstRow(media, CAT).image().vector();
      List<Hit> similar = imageNeighbours(python, location, catVector, 40);
      assertThat(similar.get(0).id()).isEqualTo(CAT + "#0");
      assertThat(similar.get(1).id()).isEqualTo(CAT_COPY + "#0");
      assertThat(similar).allMatch(h -> h.id().startsWith("images/"));
      double copyDistance = similar.get(1).distance();
      assertThat(similar.subList(2, similar.size()))
          .as("every other photo is farther from the cat than its copy")
          .allMatch(h -> h.distance() > copyDistance + 0.2);

      // Text to image: "a cat" ranks a cat photo first among images, "invoice" finds the scan.
      List<String> catHits =
          python.nearestIds(location, embedder.embed(List.of("a cat")).get(0), 60).stream()
              .filter(id -> id.startsWith("images/"))
              .toList();
      assertThat(catHits.get(0)).isIn(CAT + "#0", CAT_COPY + "#0");
      assertThat(python.textIds(location, "invoice", null, 5)).contains(INVOICE + "#0");
      EmbeddingRow invoice = firstRow(media, INVOICE);
      assertThat(invoice.modality()).isEqualTo(EmbeddingRow.IMAGE);
      assertThat(invoice.image().ocrText()).contains("INVOICE").contains("4711");
      assertThat(invoice.image().ocrEngine()).startsWith("tesseract-");

      // Rename the cat, delete the coffee: nothing is analysed or embedded again.
      repo.s3()
          .copyObject(
              b ->
                  b.sourceBucket(repo.name())
                      .sourceKey(MAIN + "/" + CAT)
                      .destinationBucket(repo.name())
                      .destinationKey(MAIN + "/images/cats/chelsea.png"));
      repo.delete(MAIN, CAT);
      repo.delete(MAIN, "images/samples/coffee.png");
      String moved = repo.commit(MAIN, "rename the cat, delete the coffee", Map.of()).getId();
      SyncResult rename = publish(publisher, table, moved);
      assertThat(rename.imageModelCalls()).isZero();
      assertThat(rename.modelCalls()).isZero();
      assertThat(rename.imagesReused()).isEqualTo(1);
      assertThat(rename.deleted()).isEqualTo(2);
      assertThat(media.idsByPath())
          .containsKey("images/cats/chelsea.png")
          .doesNotContainKeys(CAT, "images/samples/coffee.png");
      RebuildReference.assertTableEqualsFullRebuild(
          repo, allocator, table, embedder, images, moved);
    }
  }

  private record Hit(String id, double distance) {}

  private static List<Hit> imageNeighbours(
      LanceDbPython python, LanceLocation location, float[] query, int k) {
    ObjectNode request = python.request(location);
    request.set("query", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(query));
    request.put("vector_column", "image_vector");
    request.put("k", k);
    JsonNode hits = python.run(request).get("hits");
    List<Hit> out = new ArrayList<>();
    StreamSupport.stream(hits.spliterator(), false)
        .forEach(h -> out.add(new Hit(h.get("id").asText(), h.get("_distance").asDouble())));
    return out;
  }

  private static EmbeddingRow firstRow(EmbeddingTable table, String path) {
    return table.rowsWithIds(List.of(EmbeddingRow.idOf(path, 0))).get(0);
  }

  private static SyncResult publish(TablePublisher publisher, TableConfig table, String commit)
      throws Exception {
    PublishOutcome outcome = publisher.publish(table, commit);
    assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
    return outcome.result().orElseThrow();
  }

  private static BufferedImage solid(Color color) {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 32, 32);
    g.dispose();
    return image;
  }

  private static void put(LakeFsTestRepository repo, String path, byte[] content) {
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromBytes(content));
  }
}

package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.lakefs.LakeFsModelFiles;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.Processes;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A user's CLIP-style dual encoder, named by {@code lakefs://} URIs in the configuration: a tiny
 * pair the test generates (colour words meet colours in one 8-d space) replaces the bundled image
 * model, so a text query finds an image by what it shows, with no label or OCR text to match.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class DualEncoderIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;

  @Test
  void textQueriesFindImagesThroughTheirImageVectors(
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      @TempDir Path work)
      throws Exception {
    Path pair = work.resolve("pair");
    List<String> python =
        List.of(ProjectDir.get().resolve("bin/image-model").toString(), "--python");
    String interpreter =
        Processes.run(python, ProjectDir.get(), Map.of(), null, Duration.ofMinutes(10))
            .requireSuccess(python)
            .stdout()
            .strip();
    List<String> generate =
        List.of(
            interpreter,
            ProjectDir.get().resolve("src/test/python/tiny_dual_encoder.py").toString(),
            pair.toString());
    Processes.run(generate, ProjectDir.get(), Map.of(), null, Duration.ofMinutes(2))
        .requireSuccess(generate);
    for (String file : List.of("image.onnx", "text.onnx", "tokenizer.json")) {
      put(repo, "models/tiny-clip/" + file, Files.readAllBytes(pair.resolve(file)));
    }
    repo.put(MAIN, "docs/notes.md", "# Notes\n\nA page about storage quotas.");
    String models = repo.commit(MAIN, "the dual encoder, and a first document", Map.of()).getId();

    String at = "lakefs://" + repo.name() + "/" + models + "/models/tiny-clip/";
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: media, repository: "
                    + repo.name()
                    + ", branch: main, include: ['images/**', 'docs/**'],"
                    + " images: {ocr: 'off', dual_encoder: {name: tiny-clip,"
                    + (" image_onnx: '" + at + "image.onnx',")
                    + (" text_onnx: '" + at + "text.onnx',")
                    + (" tokenizer: '" + at + "tokenizer.json'}}}]"))
            .tables()
            .get(0);
    TableOpener tables = repo.tables(allocator, embedder);
    try (ImageIndexing images =
        ImageIndexing.bundled(
            work.resolve("cache"),
            new LakeFsModelFiles(repo.s3(), repo.lakeFs(), work.resolve("cache/lakefs"))
                ::resolve)) {
      TablePublisher publisher =
          new TablePublisher(repo.lakeFs(), repo.s3(), tables, embedder, images, "test");
      // The first sync holds no image, yet the table gets the pair's image vector width: the
      // images that come later must fit.
      PublishOutcome first = publisher.publish(table, models);
      assertThat(first.status()).as(first.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      put(repo, "images/red.png", TestImages.png(solid(new Color(220, 30, 30))));
      put(repo, "images/green.png", TestImages.png(solid(new Color(30, 200, 40))));
      put(repo, "images/blue.png", TestImages.png(solid(new Color(20, 40, 230))));
      String source = repo.commit(MAIN, "three colours", Map.of()).getId();
      PublishOutcome outcome = publisher.publish(table, source);
      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      assertThat(outcome.result().orElseThrow().imageModelCalls()).isEqualTo(3);

      EmbeddingTable media = tables.embeddingsAt(table, MAIN);
      EmbeddingRow red = media.rowsWithIds(List.of(EmbeddingRow.idOf("images/red.png", 0))).get(0);
      assertThat(red.image().vector()).hasSize(8);
      assertThat(red.image().imageModel())
          .startsWith("tiny-clip@")
          .hasSize("tiny-clip@".length() + 16);
      assertThat(red.image().labels()).isEqualTo("[]");
      assertThat(red.text()).isEqualTo("An image.");

      TableSearch search =
          new TableSearch(repo.lakeFs(), tables, embedder)
              .withImages(new QueryImages(images, ObjectReader.gateway(repo.settings())));
      for (String colour : List.of("red", "green", "blue")) {
        List<SearchHit> hits =
            search.search(table, MAIN, "a " + colour + " photo", 4, Optional.empty()).hits();
        assertThat(hits.stream().filter(h -> h.modality().equals("image")).findFirst())
            .as("first image for '%s'", colour)
            .map(SearchHit::path)
            .contains("images/" + colour + ".png");
      }
      // Image to image in the pair's space; the stock client reads the 8-d vectors too.
      SearchAnswer similar =
          search.searchImage(
              table,
              MAIN,
              new QueryImage.Bytes("q.png", TestImages.png(solid(new Color(40, 190, 60)))),
              3,
              Optional.empty());
      assertThat(similar.hits().get(0).path()).isEqualTo("images/green.png");
      LanceDbPython stock = new LanceDbPython(repo.settings());
      ObjectNode request = stock.request(media.location());
      request.set("query", new ObjectMapper().valueToTree(red.image().vector()));
      request.put("vector_column", "image_vector");
      request.put("k", 3);
      assertThat(stock.run(request).get("hits").get(0).get("id").asText())
          .isEqualTo("images/red.png#0");
    }
  }

  private static BufferedImage solid(Color color) {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 64, 64);
    g.dispose();
    return image;
  }

  private static void put(LakeFsTestRepository repo, String path, byte[] content) {
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromBytes(content));
  }
}

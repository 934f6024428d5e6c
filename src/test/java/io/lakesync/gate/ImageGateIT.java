package io.lakesync.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.ActionRun;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.ImageColumns;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EditedRows;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import io.lakesync.testing.TestImages;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Images through the real pre-merge hook: lakeFS calls the gate, which re-reads the original images
 * from lakeFS and runs the real image model (and Tesseract wrote the OCR text it scans).
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
@SuppressWarnings("try") // the gate is a resource for its lifetime: lakeFS calls it, the body not
class ImageGateIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String EMAIL = "jane.doe@example.com";
  private static ImageIndexing images;

  @BeforeAll
  static void loadModels() {
    images = ImageIndexing.bundled(ProjectDir.buildDir().resolve("it-models"));
  }

  @AfterAll
  static void closeModels() {
    images.close();
  }

  @Test
  void aTableWithImagesPassesAndATamperedImageVectorOrModelStampIsRejected(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig table = table(repo, "");
    try (QualityGateIT.Gate gate = install(repo, table, allocator, embedder)) {
      Map<String, byte[]> samples = TestImages.skimageSamples();
      repo.put(MAIN, "docs/readme.md", "Photos of the office pets and the coffee machine.");
      putBytes(repo, "docs/cat.png", samples.get("chelsea.png"));
      putBytes(repo, "docs/coffee.png", samples.get("coffee.png"));
      putBytes(
          repo,
          "docs/invoice.png",
          TestImages.png(TestImages.text(900, 300, "INVOICE No. 4711", "Total due 120 EUR")));
      String commit = repo.commit(MAIN, "photos", Map.of()).getId();

      PublishOutcome outcome = publisher(repo, allocator, embedder).publish(table, commit);

      assertThat(outcome.status()).as(outcome.message()).isEqualTo(PublishOutcome.Status.MERGED);
      String report = QualityGateIT.latestPreMergeOutput(repo, ActionRun.StatusEnum.COMPLETED);
      System.out.println(report);
      assertThat(report)
          .contains("PASSED")
          .contains("100.0% of objects covered (4 of 4; images 3 of 3;")
          .contains("3 image rows (0 defective), 3 images re-embedded")
          .contains("no PII in 4 chunks and 3 OCR texts");
      String mainBefore = repo.head(MAIN);

      // Another user's tool writes the coffee's image vector on the cat: unit length, right
      // dimension, right stamp. Only the original pixels tell.
      EmbeddingRow coffee = firstRow(repo, table, allocator, embedder, "docs/coffee.png");
      tamper(
          repo,
          table,
          allocator,
          embedder,
          "swapped",
          "docs/cat.png",
          cat -> EditedRows.withImage(cat, with(cat.image(), coffee.image().vector(), null)));
      assertRejected(repo, "swapped", mainBefore, "re-embedded image docs/cat.png: cosine");

      tamper(
          repo,
          table,
          allocator,
          embedder,
          "stamped",
          "docs/invoice.png",
          r -> EditedRows.withImage(r, with(r.image(), r.image().vector(), "clip-vit-b32@1")));
      assertRejected(
          repo,
          "stamped",
          mainBefore,
          "image rows made by clip-vit-b32@1, configured "
              + images.imageModel()
              + ": 1 rows, e.g. docs/invoice.png");
    }
  }

  @Test
  void anEmailAddressInAnImageFailsGovernanceUnderBlockAndIsMaskedUnderRedact(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder)
      throws Exception {
    TableConfig blocking = table(repo, "");
    TableConfig redacting = table(repo, ", quality: {pii: redact}");
    // lakeFS reads the pre-merge action from the merge source: each gate is installed before the
    // commit that is published.
    try (QualityGateIT.Gate gate = install(repo, blocking, allocator, embedder)) {
      putBytes(repo, "docs/card.png", TestImages.png(TestImages.text(1400, 300, "Contact", EMAIL)));
      String commit = repo.commit(MAIN, "business card", Map.of()).getId();
      PublishOutcome blocked = publisher(repo, allocator, embedder).publish(blocking, commit);

      assertThat(blocked.status()).isEqualTo(PublishOutcome.Status.REJECTED);
      assertThat(blocked.message())
          .contains("governance FAIL")
          .contains("docs/card.png chunk 0: [EMAIL]")
          .contains("docs/card.png ocr_text: [EMAIL]")
          .doesNotContain(EMAIL);
    }
    try (QualityGateIT.Gate gate = install(repo, redacting, allocator, embedder)) {
      PublishOutcome redacted =
          publisher(repo, allocator, embedder).publish(redacting, repo.head(MAIN));

      assertThat(redacted.status()).as(redacted.message()).isEqualTo(PublishOutcome.Status.MERGED);
      assertThat(QualityGateIT.latestPreMergeOutput(repo, ActionRun.StatusEnum.COMPLETED))
          .contains("no PII in 1 chunks and 1 OCR texts (pii: redact)");
    }
  }

  // --- plumbing ---------------------------------------------------------------------------------

  private static QualityGateIT.Gate install(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder)
      throws Exception {
    return QualityGateIT.Gate.install(
        repo,
        table,
        new QualityGate(
            repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, images));
  }

  private static TableConfig table(LakeFsTestRepository repo, String extra) {
    return QualityGateIT.table(repo, ", images: {ocr: on}" + extra);
  }

  private static TablePublisher publisher(
      LakeFsTestRepository repo, BufferAllocator allocator, DjlTextEmbedder embedder) {
    return new TablePublisher(
        repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, images, "test");
  }

  private static ImageColumns with(ImageColumns image, float[] vector, String model) {
    return new ImageColumns(
        vector,
        image.labels(),
        image.ocrText(),
        model == null ? image.imageModel() : model,
        image.ocrEngine());
  }

  private static EmbeddingRow firstRow(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      String path) {
    return QualityGateIT.tableAt(repo, table, allocator, embedder, MAIN)
        .rowsWithIds(List.of(EmbeddingRow.idOf(path, 0)))
        .get(0);
  }

  /** Rewrites one image's first row on a new branch from main and commits it, as a user's tool. */
  private static void tamper(
      LakeFsTestRepository repo,
      TableConfig table,
      BufferAllocator allocator,
      DjlTextEmbedder embedder,
      String branch,
      String path,
      UnaryOperator<EmbeddingRow> edit)
      throws Exception {
    repo.createBranch(branch, MAIN);
    EmbeddingTable onBranch = QualityGateIT.tableAt(repo, table, allocator, embedder, branch);
    List<EmbeddingRow> rows =
        onBranch.readAll().stream()
            .filter(r -> r.path().equals(path))
            .map(r -> r.chunk() == 0 ? edit.apply(r) : r)
            .toList();
    onBranch.apply(rows, Set.of(path), onBranch.state().orElseThrow());
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
    assertThat(QualityGateIT.latestPreMergeOutput(repo, ActionRun.StatusEnum.FAILED))
        .contains("accuracy   FAIL")
        .contains(reason);
  }

  private static void putBytes(LakeFsTestRepository repo, String path, byte[] content) {
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromBytes(content));
  }
}

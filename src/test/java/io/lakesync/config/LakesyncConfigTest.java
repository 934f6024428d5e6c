package io.lakesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakesyncConfigTest {
  private static final String MINIMAL =
      """
      tables:
        - name: docs
          repository: my-repo
          branch: main
          include: ["docs/**"]
      """;

  @Test
  void theIssueContractShapeLoadsWithDefaults() {
    TableConfig docs = LakesyncConfig.parse(MINIMAL).table("docs").orElseThrow();

    assertThat(docs.repository()).isEqualTo("my-repo");
    assertThat(docs.targetBranch()).isEqualTo("main");
    assertThat(docs.include()).containsExactly("docs/**");
    assertThat(docs.exclude()).isEmpty();
    assertThat(docs.path()).isEqualTo("lancedb/docs.lance");
    assertThat(docs.model()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(docs.chunkTokens()).isEqualTo(200);
    assertThat(docs.chunkOverlap()).isEqualTo(32);
    assertThat(docs.scope().contains("docs/a.md")).isTrue();
    assertThat(docs.scope().contains("src/a.md")).isFalse();
  }

  @Test
  void theDocumentedSampleLoads() {
    LakesyncConfig sample = LakesyncConfig.load(Path.of("config/lakesync.yaml"));

    assertThat(sample.tables()).extracting(TableConfig::name).containsExactly("docs");
    assertThat(sample.table("docs").orElseThrow().scope().contains("docs/drafts/x.md")).isFalse();
  }

  @Test
  void unknownKeysAreRejectedWithTheirPath() {
    String yaml = MINIMAL + "    chunk_size: 100\n";

    assertThatThrownBy(() -> LakesyncConfig.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tables[0].chunk_size: unknown key")
        .hasMessageContaining("chunk_tokens");
    assertThatThrownBy(() -> LakesyncConfig.parse("tablez: []\n"))
        .hasMessageStartingWith("tablez: unknown key");
  }

  @Test
  void invalidValuesNameTheKey() {
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    chunk_tokens: 400\n"))
        .hasMessage("tables[0].chunk_tokens: must be between 16 and 254 for all-MiniLM-L6-v2");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL.replace("name: docs", "name: Docs!")))
        .hasMessageStartingWith("tables[0].name: must be lowercase letters");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    model: gpt-embed\n"))
        .hasMessageStartingWith("tables[0].model: unknown model 'gpt-embed'");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    chunk_overlap: 150\n"))
        .hasMessageStartingWith("tables[0].chunk_overlap:");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    max_object_bytes: lots\n"))
        .hasMessageStartingWith("tables[0].max_object_bytes:");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL.replace("    branch: main\n", "")))
        .hasMessage("tables[0].branch: is required");
  }

  @Test
  void aModelIsABundledNameOrFilesOfOnesOwn() {
    TableConfig bge =
        LakesyncConfig.parse(MINIMAL + "    model: bge-small-en-v1.5-int8\n").tables().get(0);
    assertThat(bge.embeddingModel()).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15_INT8);
    assertThat(bge.chunkTokens()).as("the default, below bge's 510").isEqualTo(200);
    String files =
        "    model_files: {onnx: lakefs://models/v1/e5/model.onnx, tokenizer: /m/tokenizer.json,"
            + " dimension: 384, pooling: cls}\n";
    TableConfig own = LakesyncConfig.parse(MINIMAL + "    model: e5\n" + files).tables().get(0);
    assertThat(own.modelFiles().pooling()).isEqualTo(PoolingMode.CLS);
    assertThat(own.modelFiles().maxTokens()).isEqualTo(512);
    assertThat(own.modelFiles().variant()).isEqualTo("fp32");
    assertThat(LakesyncConfig.parse(MINIMAL + files).tables().get(0).model()).isEqualTo("custom");

    assertThatThrownBy(
            () -> LakesyncConfig.parse(MINIMAL + "    model: all-MiniLM-L6-v2\n" + files))
        .hasMessageStartingWith("tables[0].model: 'all-MiniLM-L6-v2' is a bundled model");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + files.replace(" dimension: 384,", "")))
        .hasMessageStartingWith("tables[0].model_files.dimension: is required");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + files.replace("cls", "max")))
        .hasMessageContaining("model_files.pooling: must be mean or cls: 'max'");
    assertThatThrownBy(
            () -> LakesyncConfig.parse(MINIMAL + files.replace("pooling: cls", "sha256: abc")))
        .hasMessageStartingWith("tables[0].model_files.sha256: must be 64 lowercase hex digits");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + files + "    chunk_tokens: 511\n"))
        .hasMessage("tables[0].chunk_tokens: must be between 16 and 510 for custom");
  }

  @Test
  void tablesAreRequiredAndNamesUnique() {
    assertThatThrownBy(() -> LakesyncConfig.parse("tables: []\n"))
        .hasMessageStartingWith("tables:");
    String twice = MINIMAL + MINIMAL.substring(MINIMAL.indexOf("  - name"));
    assertThatThrownBy(() -> LakesyncConfig.parse(twice)).hasMessageContaining("used twice");
  }

  @Test
  void environmentOverridesTheFileAndTheSecretComesFromAFile(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "from-file\n");
    String yaml =
        "lakefs:\n  endpoint: http://file:8000\n  access_key_id: AKIAFILE\n"
            + "  secret_access_key_file: "
            + secret
            + "\n"
            + MINIMAL;
    LakesyncConfig config = LakesyncConfig.parse(yaml);

    LakeFsSettings fromFile = config.lakeFsSettings(Environment.of(Map.of()));
    assertThat(fromFile.endpoint()).hasToString("http://file:8000");
    assertThat(fromFile.secretAccessKey().reveal()).isEqualTo("from-file");

    LakeFsSettings overridden =
        config.lakeFsSettings(Environment.of(Map.of("LAKEFS_ENDPOINT", "http://env:9000")));
    assertThat(overridden.endpoint()).hasToString("http://env:9000");
    assertThat(overridden.accessKeyId()).isEqualTo("AKIAFILE");
  }

  @Test
  void aSecretWrittenInTheFileIsRejected() {
    String yaml = "lakefs:\n  secret_access_key: oops\n" + MINIMAL;

    assertThatThrownBy(() -> LakesyncConfig.parse(yaml))
        .hasMessageStartingWith("lakefs.secret_access_key: unknown key")
        .hasMessageNotContaining("oops");
  }

  @Test
  void qualityDefaultsAndChecks() {
    TableConfig docs = LakesyncConfig.parse(MINIMAL).table("docs").orElseThrow();
    assertThat(docs.quality().pii()).isEqualTo(PiiPolicy.BLOCK);
    assertThat(docs.quality().minCoverage()).isEqualTo(0.99);
    assertThat(docs.skippedPath()).isEqualTo("lancedb/docs.skipped.lance");
    assertThat(
            LakesyncConfig.parse(MINIMAL + "    quality: {pii: redact, min_coverage: 0.9}\n")
                .tables()
                .get(0)
                .quality())
        .extracting(QualityConfig::pii, QualityConfig::minCoverage)
        .containsExactly(PiiPolicy.REDACT, 0.9);
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    quality: {pii: mask}\n"))
        .hasMessageContaining("quality.pii")
        .hasMessageContaining("block, redact or allow");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    quality: {min_coverage: 99}\n"))
        .hasMessage("tables[0].quality.min_coverage: must be between 0 and 1");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    quality: {min_coverag: 0.9}\n"))
        .hasMessageContaining("min_coverag");
  }

  @Test
  void imageDefaultsAndChecks() {
    ImagesConfig images = LakesyncConfig.parse(MINIMAL).tables().get(0).images();
    assertThat(images.enabled()).isTrue();
    assertThat(images.maxPixels()).isEqualTo(100_000_000L);
    assertThat(images.ocr()).isEqualTo(OcrMode.AUTO);
    assertThat(images.ocrLanguages()).isEqualTo("eng");
    assertThat(
            LakesyncConfig.parse(MINIMAL + "    images: {enabled: false, ocr: off}\n")
                .tables()
                .get(0)
                .images())
        .extracting(ImagesConfig::enabled, ImagesConfig::ocr)
        .containsExactly(false, OcrMode.OFF);
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    images: {ocr: maybe}\n"))
        .hasMessageContaining("images.ocr")
        .hasMessageContaining("auto, on or off");
    assertThatThrownBy(() -> LakesyncConfig.parse(MINIMAL + "    images: {max_pixels: 0}\n"))
        .hasMessage("tables[0].images.max_pixels: must be positive");
    assertThatThrownBy(
            () -> LakesyncConfig.parse(MINIMAL + "    images: {ocr_languages: 'eng; rm -rf'}\n"))
        .hasMessageContaining("tables[0].images.ocr_languages");
    assertThatThrownBy(
            () ->
                LakesyncConfig.parse(
                    MINIMAL + "    images: {dual_encoder: {image_onnx: /m/i.onnx}}\n"))
        .hasMessage(
            "tables[0].images.dual_encoder.text_onnx: is required: a local path or"
                + " lakefs://repo/ref/path");
    assertThat(
            LakesyncConfig.parse(
                    MINIMAL
                        + "    images: {dual_encoder: {image_onnx: a, text_onnx: b,"
                        + " tokenizer: c}}\n")
                .tables()
                .get(0)
                .images()
                .dualEncoder()
                .name())
        .isEqualTo("dual-encoder");
  }
}

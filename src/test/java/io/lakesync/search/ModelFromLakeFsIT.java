package io.lakesync.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakefs.clients.sdk.model.TagCreation;
import io.lakesync.config.ConfigException;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.ModelFiles;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.LakeFsModelFiles;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.ProjectDir;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A model kept as data: its ONNX graph and tokenizer are objects of the lakeFS repository, named by
 * a tag. lakesync reads them at the tag's commit (not at whatever the branch holds later), checks
 * them against the pinned checksum, embeds with them, and {@code explain} names the commit and
 * checksum of the bytes that made a vector; a reader in another process loads the same bytes from
 * the table's own record.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class})
class ModelFromLakeFsIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;

  @Test
  void aModelAtATagIsReadAtItsCommitAndExplainNamesThoseBytes(
      LakeFsTestRepository repo, BufferAllocator allocator, @TempDir Path dir) throws Exception {
    ModelFiles minilmInt8 =
        ModelFiles.materialize(
            EmbeddingModel.ALL_MINILM_L6_V2_INT8, ProjectDir.buildDir().resolve("it-models"));
    upload(repo, "models/minilm-q/model.onnx", minilmInt8.onnx());
    upload(repo, "models/minilm-q/tokenizer.json", minilmInt8.tokenizer());
    String modelCommit = repo.commit(MAIN, "model v1", Map.of()).getId();
    repo.sdk()
        .tags()
        .createTag(repo.name(), new TagCreation().id("model-v1").ref(modelCommit))
        .execute();
    // The branch moves on: the tag still names the model's bytes.
    repo.put(MAIN, "models/minilm-q/model.onnx", "not a model any more");
    repo.put(
        MAIN, "docs/backups.md", "Nightly backups of the primary database are kept for 35 days.");
    repo.put(MAIN, "docs/parking.md", "Visitors may park in the north garage after signing in.");
    String data = repo.commit(MAIN, "docs", Map.of()).getId();
    String sha256 = EmbeddingModel.ALL_MINILM_L6_V2_INT8.sha256();
    TableConfig table = table(repo, sha256);

    EmbeddingModel model;
    try (TextModels models = models(repo, dir.resolve("sync"))) {
      model = models.model(table);
      assertThat(model.stamp()).isEqualTo("minilm-q@int8:" + sha256.substring(0, 16));
      TableOpener tables = new TableOpener(allocator, repo.settings(), 384);
      PublishOutcome outcome =
          new TablePublisher(repo.lakeFs(), repo.s3(), tables, models, null, "test")
              .publish(table, data);
      assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
      assertThat(tables.embeddingsAt(table, MAIN).readAll())
          .extracting(EmbeddingRow::model)
          .containsOnly(model.stamp());
    }

    // Another process, with an empty cache: the table's record leads it to the same bytes.
    try (TextModels models = models(repo, dir.resolve("reader"))) {
      TableOpener tables = new TableOpener(allocator, repo.settings(), 384);
      TableSearch search = new TableSearch(repo.lakeFs(), tables, models);
      SearchAnswer answer =
          search.search(
              table, MAIN, "where can guests park?", 1, Optional.empty(), SearchMode.VECTOR);
      assertThat(answer.model()).isEqualTo(model.stamp());
      assertThat(answer.hits().get(0).path()).isEqualTo("docs/parking.md");

      Explanation explained =
          new Explainer(repo.lakeFs(), repo.s3(), search)
              .explain(table, answer.commit(), "docs/parking.md", Optional.of(0));
      assertThat(explained.model().stamp()).isEqualTo(model.stamp());
      assertThat(explained.model().sha256()).isEqualTo(sha256);
      assertThat(explained.model().origin())
          .contains("lakefs://" + repo.name() + "/" + modelCommit + "/models/minilm-q/model.onnx")
          .contains(
              "lakefs://" + repo.name() + "/" + modelCommit + "/models/minilm-q/tokenizer.json");
      // What `lakesync explain --json` prints.
      assertThat(AnswerJson.of(explained))
          .contains("\"stamp\" : \"" + model.stamp())
          .contains(modelCommit);
    }

    // Other bytes than the pinned checksum are refused before anything is embedded.
    try (TextModels models = models(repo, dir.resolve("pinned"))) {
      TableConfig wrongPin = table(repo, "0".repeat(64));
      assertThatThrownBy(() -> models.model(wrongPin))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("is pinned")
          .hasMessageContaining(sha256);
    }
  }

  private static TextModels models(LakeFsTestRepository repo, Path cache) {
    return new TextModels(
        model -> DjlTextEmbedder.load(model, cache),
        new LakeFsModelFiles(repo.s3(), repo.lakeFs(), cache.resolve("lakefs")));
  }

  private static TableConfig table(LakeFsTestRepository repo, String sha256) {
    String at = "lakefs://" + repo.name() + "/model-v1/models/minilm-q/";
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: "
                + repo.name()
                + ", branch: main, include: ['docs/**'], model: minilm-q, model_files: {"
                + ("onnx: '" + at + "model.onnx', tokenizer: '" + at + "tokenizer.json',")
                + (" dimension: 384, max_tokens: 256, variant: int8, sha256: " + sha256 + "}}]"))
        .tables()
        .get(0);
  }

  private static void upload(LakeFsTestRepository repo, String path, Path file) {
    repo.s3()
        .putObject(b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromFile(file));
  }
}

package io.lakesync.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.model.Commit;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.table.EmbeddingTable;
import io.lakesync.table.LanceLocation;
import io.lakesync.testing.ArrowExtension;
import io.lakesync.testing.EmbedderExtension;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import io.lakesync.testing.LanceDbPython;
import io.lakesync.testing.TestPdfs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The differential sync on the real stack with the real model: after every kind of commit the table
 * on main equals a from-scratch rebuild at that commit.
 */
@ExtendWith({LakeFsExtension.class, ArrowExtension.class, EmbedderExtension.class})
class SyncIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;
  private static final String[] WORDS =
      ("backup restore snapshot table branch commit merge vector search index query storage "
              + "invoice billing account password reset login security policy quota workspace "
              + "cluster node replica partition stream event topic consumer producer schema "
              + "document paragraph chapter report quarterly revenue growth customer support "
              + "release feature latency throughput memory disk network region zone failover")
          .split(" ");

  private final DjlTextEmbedder embedder;

  SyncIT(DjlTextEmbedder embedder) {
    this.embedder = embedder;
  }

  @Test
  void everyKindOfCommitEndsEqualToAFullRebuild(
      LakeFsTestRepository repo, BufferAllocator allocator) throws Exception {
    Random random = new Random(42);
    Map<String, String> texts = new TreeMap<>();
    for (int i = 0; i < 180; i++) {
      texts.put(
          "docs/doc-" + i + (i % 5 == 0 ? ".txt" : ".md"), document(random, 1 + random.nextInt(4)));
    }
    texts.put("docs/long.md", document(random, 20));
    for (int i = 0; i < 4; i++) {
      texts.put(
          "docs/page-" + i + ".html",
          "<html><body><h1>Page "
              + i
              + "</h1><p>"
              + sentence(random, 30)
              + "</p><script>var x=1;</script></body></html>");
      texts.put(
          "docs/meta-" + i + ".json",
          "{\"title\": \""
              + sentence(random, 6)
              + "\", \"body\": \""
              + sentence(random, 40)
              + "\"}");
      texts.put(
          "docs/table-" + i + ".csv",
          "name,notes\nrow1," + sentence(random, 10) + "\nrow2," + sentence(random, 10) + "\n");
    }
    texts.put("other/outside.md", document(random, 2));
    texts.forEach((path, text) -> repo.put(MAIN, path, text));
    for (int i = 0; i < 3; i++) {
      putBytes(repo, "docs/report-" + i + ".pdf", TestPdfs.withLine(sentence(random, 12)));
    }
    putBytes(repo, "docs/image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
    putBytes(repo, "docs/blob.bin", new byte[] {1, 0, 2, 0});
    putBytes(repo, "docs/empty.md", new byte[0]);
    String seed = repo.commit(MAIN, "seed 200 documents", Map.of()).getId();

    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: "
                    + repo.name()
                    + ", branch: main, include: ['docs/**']}]")
            .tables()
            .get(0);
    TablePublisher publisher =
        new TablePublisher(
            repo.lakeFs(), repo.s3(), repo.tables(allocator, embedder), embedder, "test");

    PublishOutcome backfill = publishAndVerify(publisher, table, repo, allocator, seed);
    assertThat(backfill.result().orElseThrow().full()).isTrue();
    assertThat(backfill.phasesMs())
        .containsKeys(
            "check", "branch", "plan", "read", "embed", "write", "commit", "merge", "cleanup")
        .doesNotContainKey("sync");
    assertThat(backfill.result().orElseThrow().skippedTotal()).isEqualTo(3);
    // 193 text documents and 3 PDFs under docs/; the PNG, the binary and the empty file are
    // skipped.
    assertThat(backfill.result().orElseThrow().upserted()).isEqualTo(193 + 3);

    // Lineage on the merge commit; lakesync's own merge commit is not synced again.
    Commit merge =
        repo.sdk().commits().getCommit(repo.name(), backfill.mergeCommit().orElseThrow()).execute();
    assertThat(merge.getMetadata())
        .containsEntry(Lineage.TABLE, "docs")
        .containsEntry(Lineage.SOURCE_COMMIT, seed)
        .containsEntry(Lineage.SKIPPED, "3")
        .containsEntry(Lineage.ADDED, "196")
        .containsEntry(Lineage.UPDATED, "0")
        .containsEntry(Lineage.DELETED, "0")
        .containsKey(Lineage.MODEL_CALLS);
    assertThat(publisher.publish(table, repo.head(MAIN)).status())
        .isEqualTo(PublishOutcome.Status.NOOP);
    assertThat(repo.sdk().branches().listBranches(repo.name()).execute().getResults())
        .extracting(b -> b.getId())
        .containsExactly(MAIN);

    // Add.
    repo.put(MAIN, "docs/new-1.md", document(random, 2));
    repo.put(MAIN, "docs/new-2.md", document(random, 2));
    publishAndVerify(publisher, table, repo, allocator, repo.commit(MAIN, "add", Map.of()).getId());

    // Edit one paragraph of the 20-paragraph document.
    String before = texts.get("docs/long.md");
    String[] paragraphs = before.split("\n\n");
    paragraphs[9] = sentence(random, 40);
    repo.put(MAIN, "docs/long.md", String.join("\n\n", paragraphs));
    PublishOutcome edit =
        publishAndVerify(
            publisher, table, repo, allocator, repo.commit(MAIN, "edit", Map.of()).getId());
    assertThat(edit.result().orElseThrow().modelCalls()).isBetween(1, 2);
    assertThat(edit.result().orElseThrow().updated()).isEqualTo(1);
    assertThat(edit.result().orElseThrow().added()).isZero();

    // Delete.
    List<String> deleted =
        List.of("docs/doc-1.md", "docs/doc-2.md", "docs/page-0.html", "docs/report-0.pdf");
    deleted.forEach(p -> repo.delete(MAIN, p));
    publishAndVerify(
        publisher, table, repo, allocator, repo.commit(MAIN, "delete", Map.of()).getId());
    assertThat(tableAt(repo, allocator, MAIN).idsByPath())
        .doesNotContainKeys(deleted.toArray(String[]::new));

    // Rename: content unchanged, so no model call.
    for (int i = 10; i < 15; i++) {
      String from = "docs/doc-" + i + (i % 5 == 0 ? ".txt" : ".md");
      repo.put(MAIN, from.replace("docs/", "docs/moved/"), texts.get(from));
      repo.delete(MAIN, from);
    }
    PublishOutcome rename =
        publishAndVerify(
            publisher, table, repo, allocator, repo.commit(MAIN, "rename", Map.of()).getId());
    assertThat(rename.result().orElseThrow().modelCalls()).isZero();

    // Revert the edit.
    repo.put(MAIN, "docs/long.md", before);
    publishAndVerify(
        publisher, table, repo, allocator, repo.commit(MAIN, "revert edit", Map.of()).getId());

    // The stock Python client reads the same table at main.
    LanceLocation atMain = new LanceLocation(repo.name(), MAIN, table.path());
    assertThat(new LanceDbPython(repo.settings()).count(atMain))
        .isEqualTo(tableAt(repo, allocator, MAIN).readAll().size());
  }

  private PublishOutcome publishAndVerify(
      TablePublisher publisher,
      TableConfig table,
      LakeFsTestRepository repo,
      BufferAllocator allocator,
      String commit)
      throws Exception {
    PublishOutcome outcome = publisher.publish(table, commit);
    assertThat(outcome.status()).as(outcome.summary()).isEqualTo(PublishOutcome.Status.MERGED);
    RebuildReference.assertTableEqualsFullRebuild(repo, allocator, table, embedder, commit);
    return outcome;
  }

  private static EmbeddingTable tableAt(
      LakeFsTestRepository repo, BufferAllocator allocator, String ref) {
    return RebuildReference.tableAt(repo, allocator, ref, "lancedb/docs.lance");
  }

  private static void putBytes(LakeFsTestRepository repo, String path, byte[] content) {
    repo.s3()
        .putObject(
            b -> b.bucket(repo.name()).key(MAIN + "/" + path), RequestBody.fromBytes(content));
  }

  private static String document(Random random, int paragraphs) {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < paragraphs; p++) {
      out.add(sentence(random, 25 + random.nextInt(40)));
    }
    return String.join("\n\n", out);
  }

  private static String sentence(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.append('.').toString();
  }
}

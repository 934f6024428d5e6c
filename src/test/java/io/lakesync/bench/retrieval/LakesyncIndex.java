package io.lakesync.bench.retrieval;

import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.publish.PublishOutcome;
import io.lakesync.publish.TablePublisher;
import io.lakesync.search.HybridRanking;
import io.lakesync.search.SearchAnswer;
import io.lakesync.search.SearchHit;
import io.lakesync.search.SearchMode;
import io.lakesync.search.TableSearch;
import io.lakesync.sync.EmbeddingRow;
import io.lakesync.sync.SyncResult;
import io.lakesync.table.TableOpener;
import io.lakesync.testing.LakeFsSdk;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * lakesync's side: the pages committed to a fresh lakeFS repository, synced by lakesync's real
 * publish path (staging branch, diff, extract, chunk, embed, Lance write, merge) and searched with
 * {@link TableSearch} at the merge commit. Every use of src/main's lakeFS, publish and table
 * classes is in this file, so their coming renames touch only it.
 */
final class LakesyncIndex {
  static final String PREFIX = "pg15/";

  private final LakeFs lakeFs;
  private final TableOpener tables;
  private final TableSearch search;
  private final TableConfig table;
  private final String commit;
  private final SyncResult result;
  private final List<String> embeddedTexts;
  private final List<String> contexts;
  private final TextEmbedder embedder;
  private ChunkStats stats;

  private LakesyncIndex(
      LakeFs lakeFs,
      TableOpener tables,
      TableConfig table,
      String commit,
      SyncResult result,
      List<EmbeddingRow> rows,
      TextEmbedder embedder) {
    this.lakeFs = lakeFs;
    this.tables = tables;
    this.search = new TableSearch(lakeFs, tables, embedder);
    this.table = table;
    this.commit = commit;
    this.result = result;
    this.embeddedTexts = rows.stream().map(EmbeddingRow::embeddedText).toList();
    this.contexts = rows.stream().map(EmbeddingRow::context).toList();
    this.embedder = embedder;
  }

  /** Commits the pages to a new repository and publishes lakesync's table for that commit. */
  static LakesyncIndex publish(
      LakeFsSettings settings,
      BufferAllocator allocator,
      TextEmbedder embedder,
      Map<String, String> htmlByPage)
      throws Exception {
    LakeFsSdk sdk = LakeFsSdk.connect(settings);
    LakeFs lakeFs = SdkLakeFs.connect(settings, LakeFsErrors.NONE);
    TableOpener tables = new TableOpener(allocator, settings, embedder.model().dimension());
    String repository = "bench-retrieval-" + UUID.randomUUID().toString().substring(0, 8);
    // Default chunking (chunk_tokens, chunk_overlap) as a user gets it; no vector index, so the
    // search is exact like the baseline's and the comparison is about chunks, not index recall.
    TableConfig table =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: "
                    + repository
                    + ", branch: main, include: ['"
                    + PREFIX
                    + "**'], index_min_rows: 100000000}]")
            .tables()
            .get(0);
    PublishOutcome outcome;
    try (S3Client s3 = S3Gateway.client(settings)) {
      sdk.repositories()
          .createRepository(
              new RepositoryCreation()
                  .name(repository)
                  .storageNamespace("local://" + repository)
                  .defaultBranch("main"))
          .execute();
      htmlByPage.forEach(
          (page, html) ->
              s3.putObject(
                  b -> b.bucket(repository).key("main/" + PREFIX + page),
                  RequestBody.fromString(html)));
      sdk.commits()
          .commit(repository, "main", new CommitCreation().message("PostgreSQL 15 manual subset"))
          .execute();
      String source = lakeFs.branchHead(repository, "main");
      outcome = new TablePublisher(lakeFs, s3, tables, embedder, "bench").publish(table, source);
    }
    if (outcome.status() != PublishOutcome.Status.MERGED) {
      throw new IllegalStateException("lakesync did not publish: " + outcome.summary());
    }
    String merged = outcome.mergeCommit().orElseThrow();
    List<EmbeddingRow> rows = tables.embeddingsAt(table, merged).readAll();
    return new LakesyncIndex(
        lakeFs, tables, table, merged, outcome.result().orElseThrow(), rows, embedder);
  }

  /**
   * lakesync's search modes, each ranking the pages of its {@code k} best hits: {@code vector},
   * {@code text} (Lance full-text, BM25 over the chunk and its context) and {@code hybrid} (both
   * fused by {@link HybridRanking#DEFAULT}; lakesync's default).
   */
  List<Method> modes(int k) {
    ChunkStats stats = stats();
    return List.of(
        new Method(
            "lakesync vector", question -> rank(search, question, k, SearchMode.VECTOR), stats),
        new Method("lakesync text", question -> rank(search, question, k, SearchMode.TEXT), stats),
        new Method(
            "lakesync hybrid", question -> rank(search, question, k, SearchMode.HYBRID), stats));
  }

  /**
   * Hybrid search of the same table and commit with another fusion than {@link
   * HybridRanking#DEFAULT}: searching is cheap, so several fusions are measured on one index.
   */
  Method hybrid(String name, int k, HybridRanking ranking) {
    TableSearch fused = new TableSearch(lakeFs, tables, embedder, ranking);
    return new Method(name, question -> rank(fused, question, k, SearchMode.HYBRID), stats());
  }

  private ChunkStats stats() {
    if (stats == null) {
      stats = ChunkStats.of(embeddedTexts, result.modelCalls(), embedder);
    }
    return stats;
  }

  private List<String> rank(TableSearch search, String question, int k, SearchMode mode)
      throws Exception {
    SearchAnswer answer = search.search(table, commit, question, k, Optional.empty(), mode);
    // A table without a full-text index answers hybrid as vector: that would measure the wrong
    // thing without saying so.
    if (!answer.mode().equals(mode.label())) {
      throw new IllegalStateException(
          "asked for " + mode.label() + " search, answered " + answer.mode());
    }
    List<SearchHit> hits = answer.hits();
    return Pages.distinct(hits.stream().map(hit -> Pages.ofPath(hit.path())).toList());
  }

  /**
   * Median tokens of the chunks' context (title and headings), which each embedded text starts
   * with.
   */
  int medianContextTokens() {
    return ChunkStats.of(contexts, contexts.size(), embedder).medianTokens();
  }

  /** The sync's own account: objects, skips, chunks written and embedded. */
  SyncResult result() {
    return result;
  }

  /** The texts the sync embedded (context and chunk), in row order. */
  List<String> embeddedTexts() {
    return embeddedTexts;
  }

  /** Rows in the published table (should equal the sync's chunk count). */
  int rows() {
    return embeddedTexts.size();
  }
}

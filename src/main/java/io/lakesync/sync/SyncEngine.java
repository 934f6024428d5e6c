package io.lakesync.sync;

import io.lakesync.chunk.Chunk;
import io.lakesync.chunk.TokenChunker;
import io.lakesync.config.PiiPolicy;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.SkipReason;
import io.lakesync.extract.StructuredText;
import io.lakesync.extract.TextExtractor;
import io.lakesync.pii.PiiScanner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The differential sync of one table to one source commit: plan from the diff, read only what
 * changed, extract, chunk, reuse every vector the table already has for the same text and model,
 * embed the rest, and write it all as one data commit.
 *
 * <p>The result equals a full rebuild at that commit: rows depend only on the object's content and
 * the settings fingerprint, never on the path the table took to get there.
 */
public final class SyncEngine {
  /** Bumped when extraction or chunking changes rows for the same input: forces a rebuild. */
  static final String PIPELINE_VERSION = "3";

  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

  private final TableConfig table;
  private final ObjectSource source;
  private final VectorStore store;
  private final TextEmbedder embedder;
  private final TextExtractor extractor;
  private final TokenChunker chunker;
  private final String lakesyncVersion;
  private final PiiScanner pii = new PiiScanner();

  public SyncEngine(
      TableConfig table,
      ObjectSource source,
      VectorStore store,
      TextEmbedder embedder,
      String lakesyncVersion) {
    this.table = table;
    this.source = source;
    this.store = store;
    this.embedder = embedder;
    this.extractor = new TextExtractor(table.maxObjectBytes());
    this.chunker = new TokenChunker(embedder, table.chunkTokens(), table.chunkOverlap());
    this.lakesyncVersion = lakesyncVersion;
  }

  /** Everything that shapes the rows; a change means the table must be rebuilt. */
  public static String fingerprint(TableConfig table, String modelStamp) {
    return Hashing.sha256(
        String.join(
            "\n",
            "pipeline=" + PIPELINE_VERSION,
            "model=" + modelStamp,
            "chunk_tokens=" + table.chunkTokens(),
            "chunk_overlap=" + table.chunkOverlap(),
            "max_object_bytes=" + table.maxObjectBytes(),
            "include=" + table.include(),
            "exclude=" + table.exclude(),
            "path=" + table.path(),
            "pii_redact=" + (table.quality().pii() == PiiPolicy.REDACT)));
  }

  public SyncResult sync(String targetCommit) throws IOException {
    Phases phases = new Phases();
    String stamp = embedder.model().stamp();
    String fingerprint = fingerprint(table, stamp);
    Optional<TableState> state = store.state();
    String previous = state.map(TableState::lastSyncedCommit).orElse("");
    SyncPlan plan =
        new SyncPlanner(source, store, table.scope(), fingerprint).plan(state, targetCommit);
    phases.end("plan");
    boolean nothingToWrite = plan.upserts().isEmpty() && plan.removals().isEmpty();
    if (nothingToWrite && (!plan.full() || state.isEmpty())) {
      // Not even the state is written: a sync that changes nothing must not create a commit,
      // or lakesync's own merge commits would trigger syncs forever; and a repository with
      // nothing in scope yet gets no empty table (a full rebuild of an existing table still
      // writes, to record the new settings).
      return new SyncResult(
          targetCommit, previous, true, false, 0, 0, 0, Map.of(), 0, 0, 0, phases.done());
    }

    Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
    Set<String> touched = new LinkedHashSet<>(plan.removals());
    List<PendingChunk> pending = new ArrayList<>();
    Set<String> skippedPaths = new java.util.HashSet<>();
    List<SkipRecord> skipRecords = new ArrayList<>();
    ReadProgressLog progress =
        new ReadProgressLog(table.name(), targetCommit, plan.upserts().size());
    try (ObjectFetcher fetcher = new ObjectFetcher(source, extractor, table.maxObjectBytes())) {
      List<SourceObject> upserts = plan.upserts();
      for (int start = 0; start < upserts.size(); start += ObjectFetcher.WINDOW) {
        List<SourceObject> window =
            upserts.subList(start, Math.min(upserts.size(), start + ObjectFetcher.WINDOW));
        for (ObjectFetcher.Fetched fetched : fetcher.fetch(targetCommit, window)) {
          touched.add(fetched.object().path());
          if (fetched.extraction() instanceof Extraction.Skipped skip) {
            skippedPaths.add(fetched.object().path());
            skipRecords.add(skipRecord(targetCommit, fetched.object(), skip));
          }
          pending.addAll(chunksOf(targetCommit, fetched, skipped));
          progress.objectDone();
        }
      }
    } finally {
      progress.finished();
    }

    phases.end("read");
    Map<String, float[]> vectors =
        new LinkedHashMap<>(
            store.vectorsByTextHash(
                pending.stream().map(PendingChunk::hash).distinct().toList(), stamp));
    int reused = (int) pending.stream().filter(p -> vectors.containsKey(p.hash())).count();
    List<String> missing = new ArrayList<>();
    Map<String, String> textByHash = new LinkedHashMap<>();
    for (PendingChunk p : pending) {
      if (!vectors.containsKey(p.hash())
          && textByHash.putIfAbsent(p.hash(), p.chunk().embeddedText()) == null) {
        missing.add(p.hash());
      }
    }
    List<float[]> embedded = embedder.embed(missing.stream().map(textByHash::get).toList());
    for (int i = 0; i < missing.size(); i++) {
      vectors.put(missing.get(i), embedded.get(i));
    }

    phases.end("embed");
    List<EmbeddingRow> rows = new ArrayList<>(pending.size());
    for (PendingChunk p : pending) {
      rows.add(p.toRow(targetCommit, stamp, vectors.get(p.hash())));
    }
    store.apply(
        rows,
        skipRecords,
        touched,
        new TableState(targetCommit, stamp, fingerprint, lakesyncVersion));
    phases.end("write");
    int added = (int) plan.added().stream().filter(p -> !skippedPaths.contains(p)).count();
    int updated = plan.upserts().size() - skippedPaths.size() - added;
    return new SyncResult(
        targetCommit,
        previous,
        false,
        plan.full(),
        added,
        updated,
        plan.removals().size(),
        skipped,
        rows.size(),
        missing.size(),
        reused,
        phases.done());
  }

  private List<PendingChunk> chunksOf(
      String commit, ObjectFetcher.Fetched fetched, Map<SkipReason, Integer> skipped) {
    SourceObject object = fetched.object();
    if (fetched.extraction() instanceof Extraction.Skipped skip) {
      skipped.merge(skip.reason(), 1, Integer::sum);
      LOG.info("skipped {} at {}: {} ({})", object.path(), commit, skip.reason(), skip.detail());
      return List.of();
    }
    StructuredText content =
        ((Extraction.Text) fetched.extraction()).content().titledIfUntitled(titleOf(object.path()));
    if (table.quality().pii() == PiiPolicy.REDACT) {
      // Before chunking and embedding: neither the stored text, its context nor the vector may
      // carry the PII.
      content = content.map(pii::redact);
    }
    List<PendingChunk> chunks = new ArrayList<>();
    for (Chunk chunk : chunker.chunk(content)) {
      // The key for vector reuse is what the model embeds: the context and the chunk.
      chunks.add(new PendingChunk(object, chunk, Hashing.sha256(chunk.embeddedText())));
    }
    return chunks;
  }

  /**
   * A document without a title of its own is named by its file: {@code docs/pull-requests.md} is
   * "pull requests", which says more about its chunks than nothing.
   */
  static String titleOf(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[-_]+", " ").strip();
  }

  private static SkipRecord skipRecord(
      String commit, SourceObject object, Extraction.Skipped skip) {
    return new SkipRecord(
        object.path(), skip.reason().name(), skip.detail(), object.checksum(), commit);
  }

  private record PendingChunk(SourceObject object, Chunk chunk, String hash) {
    EmbeddingRow toRow(String commit, String stamp, float[] vector) {
      return new EmbeddingRow(
          EmbeddingRow.idOf(object.path(), chunk.index()),
          object.path(),
          chunk.index(),
          chunk.start(),
          chunk.end(),
          chunk.text(),
          chunk.context(),
          hash,
          object.checksum(),
          commit,
          stamp,
          vector);
    }
  }
}

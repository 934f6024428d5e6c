package io.lakesync.sync;

import io.lakesync.chunk.Chunk;
import io.lakesync.chunk.TokenChunker;
import io.lakesync.config.PiiPolicy;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageDescription;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.embed.ImageModel;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.ImageDecoder;
import io.lakesync.extract.ImageFormat;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.SkipReason;
import io.lakesync.extract.StructuredText;
import io.lakesync.extract.TextExtractor;
import io.lakesync.pii.PiiScanner;
import io.lakesync.status.RunningSyncs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
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
  static final String PIPELINE_VERSION = "4";

  private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);

  /**
   * Objects whose stored image analysis is looked up in one scan: each lookup reads the table's
   * checksum column, so one per window would make a large rebuild quadratic; a block bounds both
   * the scans and what is held (a few megabytes of analyses). A multiple of the fetch window.
   */
  static final int KNOWN_IMAGES_BLOCK = 32 * ObjectFetcher.WINDOW;

  /** Chunks embedded between two progress reports: a few seconds of work on one core. */
  static final int EMBED_SLICE = 256;

  private final TableConfig table;
  private final ObjectSource source;
  private final VectorStore store;
  private final TextEmbedder embedder;
  private final TextExtractor extractor;
  private final TokenChunker chunker;
  private final String lakesyncVersion;
  private final PiiScanner pii = new PiiScanner();

  /** Null when this table's images are skipped as before. */
  private final ImageIndexing images;

  private final ImageDecoder imageDecoder;

  /** An engine that skips images, whatever the table's settings say. */
  public SyncEngine(
      TableConfig table,
      ObjectSource source,
      VectorStore store,
      TextEmbedder embedder,
      String lakesyncVersion) {
    this(table, source, store, embedder, null, lakesyncVersion);
  }

  /**
   * @param images the image models; null to skip images
   */
  public SyncEngine(
      TableConfig table,
      ObjectSource source,
      VectorStore store,
      TextEmbedder embedder,
      ImageIndexing images,
      String lakesyncVersion) {
    this.table = table;
    this.source = source;
    this.store = store;
    this.embedder = embedder;
    this.images = indexesImages(table, images) ? images : null;
    this.imageDecoder =
        this.images == null
            ? null
            : new ImageDecoder(table.images().maxPixels(), ImageDecoder.DEFAULT_MIN_SHORTER_SIDE);
    this.extractor = new TextExtractor(table.maxObjectBytes(), imageDecoder);
    this.chunker = new TokenChunker(embedder, table.chunkTokens(), table.chunkOverlap());
    this.lakesyncVersion = lakesyncVersion;
  }

  private static boolean indexesImages(TableConfig table, ImageIndexing images) {
    return images != null && table.images().enabled();
  }

  /** Everything that shapes the rows; a change means the table must be rebuilt. */
  public static String fingerprint(TableConfig table, String modelStamp, ImageIndexing images) {
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
            "pii_redact=" + (table.quality().pii() == PiiPolicy.REDACT),
            "images="
                + (indexesImages(table, images)
                    ? table.images().fingerprint() + " " + images.fingerprint(table.images())
                    : "off")));
  }

  public SyncResult sync(String targetCommit) throws IOException {
    Phases phases = new Phases();
    String stamp = embedder.model().stamp();
    String fingerprint = fingerprint(table, stamp, images);
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
          targetCommit, previous, true, false, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, phases.done());
    }

    Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
    Set<String> touched = new LinkedHashSet<>(plan.removals());
    List<PendingChunk> pending = new ArrayList<>();
    Set<String> skippedPaths = new java.util.HashSet<>();
    List<SkipRecord> skipRecords = new ArrayList<>();
    ReadProgressLog progress =
        new ReadProgressLog(table.name(), targetCommit, plan.upserts().size());
    // The sync shows as running until its rows are written, not only while it reads: embedding a
    // backfill can take longer than reading it.
    try {
      ImageCounts imageCounts = new ImageCounts();
      try (ObjectFetcher fetcher =
          new ObjectFetcher(
              source, extractor, table.maxObjectBytes(), images == null ? null : ocr())) {
        List<SourceObject> upserts = plan.upserts();
        Map<String, ImageColumns> known = Map.of();
        for (int start = 0; start < upserts.size(); start += ObjectFetcher.WINDOW) {
          List<SourceObject> window =
              upserts.subList(start, Math.min(upserts.size(), start + ObjectFetcher.WINDOW));
          if (start % KNOWN_IMAGES_BLOCK == 0) {
            known =
                knownImages(
                    upserts.subList(start, Math.min(upserts.size(), start + KNOWN_IMAGES_BLOCK)));
          }
          // An object over today's limits is not reused even when its content was analysed before
          // (under larger limits): it is fetched, and skipped as a rebuild from empty would.
          Map<String, ImageColumns> reusable = new HashMap<>();
          for (SourceObject object : window) {
            ImageColumns analysis = known.get(object.checksum());
            if (analysis != null && withinLimits(object, analysis)) {
              reusable.put(object.checksum(), analysis);
            }
          }
          Map<String, ObjectFetcher.Fetched> read = new LinkedHashMap<>();
          for (ObjectFetcher.Fetched fetched :
              fetcher.fetch(
                  targetCommit,
                  window.stream().filter(o -> !reusable.containsKey(o.checksum())).toList())) {
            read.put(fetched.object().path(), fetched);
          }
          Map<String, ImageColumns> analysed = analyse(read);
          imageCounts.embedded += analysed.size();
          for (SourceObject object : window) {
            touched.add(object.path());
            ImageColumns image = reusable.get(object.checksum());
            if (image != null) {
              imageCounts.reused++;
              pending.addAll(imageChunks(object, image));
            } else if (analysed.containsKey(object.path())) {
              pending.addAll(imageChunks(object, analysed.get(object.path())));
            } else {
              ObjectFetcher.Fetched fetched = read.get(object.path());
              if (fetched.extraction() instanceof Extraction.Skipped skip) {
                skippedPaths.add(object.path());
                skipRecords.add(skipRecord(targetCommit, object, skip));
              }
              pending.addAll(chunksOf(targetCommit, fetched, skipped));
            }
            progress.objectDone();
          }
        }
      }

      phases.end("read");
      Map<String, float[]> vectors =
          new LinkedHashMap<>(
              store.vectorsByTextHash(
                  pending.stream().map(PendingChunk::hash).distinct().toList(), stamp));
      List<String> missing = new ArrayList<>();
      Map<String, String> textByHash = new LinkedHashMap<>();
      for (PendingChunk p : pending) {
        if (!vectors.containsKey(p.hash())
            && textByHash.putIfAbsent(p.hash(), p.chunk().embeddedText()) == null) {
          missing.add(p.hash());
        }
      }
      // Every chunk not sent to the model saved a call: its vector came from the table, or from an
      // identical chunk embedded once in this sync (a document that repeats itself, a copied file).
      int reused = pending.size() - missing.size();
      List<float[]> embedded = embedReporting(missing.stream().map(textByHash::get).toList());
      for (int i = 0; i < missing.size(); i++) {
        vectors.put(missing.get(i), embedded.get(i));
      }

      phases.end("embed");
      RunningSyncs.writing(table.name());
      List<EmbeddingRow> rows = new ArrayList<>(pending.size());
      for (PendingChunk p : pending) {
        rows.add(p.toRow(targetCommit, stamp, vectors.get(p.hash())));
      }
      store.apply(
          rows,
          skipRecords,
          touched,
          new TableState(targetCommit, stamp, fingerprint, lakesyncVersion),
          images == null ? ImageModel.DIMENSION : images.dimension(table.images()));
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
          imageCounts.embedded,
          imageCounts.reused,
          phases.done());
    } finally {
      progress.finished();
    }
  }

  /**
   * The texts' vectors, embedded a slice at a time so the progress shows chunks embedded of chunks
   * planned while it runs (a 15 MB file is twenty thousand chunks and minutes of work).
   */
  private List<float[]> embedReporting(List<String> texts) {
    RunningSyncs.embedding(table.name(), texts.size());
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
      List<String> slice = texts.subList(from, Math.min(texts.size(), from + EMBED_SLICE));
      vectors.addAll(embedder.embed(slice));
      RunningSyncs.chunksDone(table.name(), slice.size());
    }
    return vectors;
  }

  private boolean withinLimits(SourceObject object, ImageColumns analysis) {
    return object.sizeBytes() <= table.maxObjectBytes()
        && (analysis.width() == 0 || imageDecoder.admits(analysis.width(), analysis.height()));
  }

  /** Images analysed by the model in this sync, and images whose analysis came from the table. */
  private static final class ImageCounts {
    int embedded;
    int reused;
  }

  /**
   * The stored analysis of the block's images whose content the table has seen (renamed, copied,
   * reverted): those are not even read.
   */
  private Map<String, ImageColumns> knownImages(List<SourceObject> block) {
    if (images == null) {
      return Map.of();
    }
    List<String> checksums =
        block.stream()
            .filter(o -> ImageFormat.isImagePath(o.path()))
            .map(SourceObject::checksum)
            .distinct()
            .toList();
    return checksums.isEmpty()
        ? Map.of()
        : store.imagesByChecksum(checksums, images.imageModel(table.images()), ocrEngine());
  }

  /**
   * The decoded images among {@code fetched}, through the image model in one batch: their image
   * columns by path. The decoded pixels are dropped when this returns.
   */
  private Map<String, ImageColumns> analyse(Map<String, ObjectFetcher.Fetched> read) {
    List<ObjectFetcher.Fetched> decoded =
        read.values().stream().filter(f -> f.extraction() instanceof Extraction.Image).toList();
    if (decoded.isEmpty()) {
      return Map.of();
    }
    List<ImageEmbedding> embeddings;
    try {
      embeddings = images.embed(table.images(), decoded.stream().map(SyncEngine::pixels).toList());
    } catch (RuntimeException batchFailed) {
      // One image the model cannot take must not fail the sync, nor its window: one at a time,
      // and each that fails again is skipped with the reason.
      embeddings = new ArrayList<>();
      for (ObjectFetcher.Fetched image : decoded) {
        try {
          embeddings.add(images.embed(table.images(), List.of(pixels(image))).get(0));
        } catch (RuntimeException e) {
          embeddings.add(null);
          read.put(
              image.object().path(),
              new ObjectFetcher.Fetched(
                  image.object(),
                  Extraction.skipped(
                      SkipReason.UNREADABLE, "the image model could not read it: " + e)));
        }
      }
    }
    Map<String, ImageColumns> analysed = new LinkedHashMap<>();
    for (int i = 0; i < decoded.size(); i++) {
      ImageEmbedding embedding = embeddings.get(i);
      if (embedding == null) {
        continue;
      }
      ObjectFetcher.Fetched image = decoded.get(i);
      analysed.put(
          image.object().path(),
          new ImageColumns(
              embedding.vector(),
              ImageLabels.toJson(embedding.labels()),
              redacts() ? pii.redact(image.ocrText()) : image.ocrText(),
              images.imageModel(table.images()),
              // A failed OCR is stamped so: its empty text is not reused for a copy or a rebuild,
              // which read the image again.
              ocrEngine() + (image.ocrFailed() ? "+failed" : ""),
              ((Extraction.Image) image.extraction()).width(),
              ((Extraction.Image) image.extraction()).height()));
    }
    return analysed;
  }

  private static java.awt.image.BufferedImage pixels(ObjectFetcher.Fetched fetched) {
    return ((Extraction.Image) fetched.extraction()).image();
  }

  /**
   * The OCR engine's stamp on the rows; a table that redacts says so, because its stored OCR text
   * is not what the engine read, and must not be reused by a table that keeps PII as it is.
   */
  private String ocrEngine() {
    return ocr().stamp() + (redacts() ? "+pii-redacted" : "");
  }

  private Ocr ocr() {
    return images.ocr(table.images());
  }

  private boolean redacts() {
    return table.quality().pii() == PiiPolicy.REDACT;
  }

  /**
   * An image's rows: its description (labels and OCR text, never the file name, so a renamed image
   * has the same texts and reuses every vector) chunked like a document; the analysis goes on the
   * first row only.
   */
  private List<PendingChunk> imageChunks(SourceObject object, ImageColumns first) {
    StructuredText description =
        ImageDescription.describe(ImageLabels.fromJson(first.labels()), first.ocrText());
    List<PendingChunk> chunks = new ArrayList<>();
    ImageColumns rest = new ImageColumns(null, "", "", first.imageModel(), first.ocrEngine());
    for (Chunk chunk : chunker.chunk(description)) {
      chunks.add(
          new PendingChunk(
              object,
              chunk,
              Hashing.sha256(chunk.embeddedText()),
              chunk.index() == 0 ? first : rest));
    }
    return chunks;
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
    if (redacts()) {
      // Before chunking and embedding: neither the stored text, its context nor the vector may
      // carry the PII.
      content = content.map(pii::redact);
    }
    List<PendingChunk> chunks = new ArrayList<>();
    for (Chunk chunk : chunker.chunk(content)) {
      // The key for vector reuse is what the model embeds: the context and the chunk.
      chunks.add(new PendingChunk(object, chunk, Hashing.sha256(chunk.embeddedText()), null));
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

  /** One row to be: {@code image} is null for a document's chunk. */
  private record PendingChunk(SourceObject object, Chunk chunk, String hash, ImageColumns image) {
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
          vector,
          image);
    }
  }
}

package io.lakesync.sync;

import io.lakesync.chunk.Chunk;
import io.lakesync.chunk.TokenChunker;
import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.ModelRecord;
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
import io.lakesync.sync.SyncCheckpoint.Counts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
   * the scans and what is held (a few megabytes of analyses). A block starts at the first window
   * past the previous one and covers at least that whole window.
   */
  static final int KNOWN_IMAGES_BLOCK = 32 * ObjectFetcher.WINDOW;

  /** Chunks embedded between two progress reports: a few seconds of work on one core. */
  static final int EMBED_SLICE = 256;

  /**
   * Windows of objects read ahead of the batch being embedded: enough to keep the model busy while
   * the next objects download, few enough to bound what is held (each window is at most {@link
   * ObjectFetcher#WINDOW} objects and {@link #WINDOW_BYTES}, or one larger object).
   */
  static final int READ_AHEAD_WINDOWS = 2;

  /** The most content one read-ahead window holds, unless one object alone is larger. */
  static final long WINDOW_BYTES = 16L << 20;

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
  /** How the table records the model that embeds it (empty for a bundled model). */
  public String modelRecord() {
    return ModelRecord.of(embedder.model());
  }

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
    return sync(targetCommit, Optional.empty(), Checkpoints.NONE);
  }

  /**
   * Syncs the table to {@code targetCommit}, streaming the changed objects through read, extract,
   * chunk, embed and write in batches of about {@code batch_chunks} chunks: reading runs ahead on
   * its own thread while a batch is embedded, and each batch is written as it is done, so memory
   * does not grow with the size of the change. After each batch that completes objects, {@code
   * checkpoints} is told how far the sync got.
   *
   * @param resumeFrom a checkpoint of an earlier run of this very sync (same commit and settings,
   *     on the same table); its objects are not read again. Ignored when it is for another sync.
   */
  public SyncResult sync(
      String targetCommit, Optional<SyncCheckpoint> resumeFrom, Checkpoints checkpoints)
      throws IOException {
    return sync(plan(targetCommit), resumeFrom, checkpoints);
  }

  /** As above, for a sync planned already (the caller looked at the plan first). */
  public SyncResult sync(
      Planned planned, Optional<SyncCheckpoint> resumeFrom, Checkpoints checkpoints)
      throws IOException {
    Phases phases = new Phases();
    phases.record("plan", planned.planMillis());
    String targetCommit = planned.sourceCommit();
    SyncPlan plan = planned.plan();
    String stamp = planned.modelStamp();
    String fingerprint = planned.fingerprint();
    Optional<TableState> state = planned.state();
    Optional<SyncCheckpoint> resume =
        resumeFrom.filter(
            c -> c.sourceCommit().equals(targetCommit) && c.fingerprint().equals(fingerprint));
    // A resumed rebuild may have replaced the table already: the commit it started from is the
    // checkpoint's.
    String previous =
        resume
            .map(SyncCheckpoint::previousCommit)
            .orElse(state.map(TableState::lastSyncedCommit).orElse(""));
    boolean nothingToWrite = plan.upserts().isEmpty() && plan.removals().isEmpty();
    if (nothingToWrite && (!plan.full() || state.isEmpty()) && resume.isEmpty()) {
      // Not even the state is written: a sync that changes nothing must not create a commit,
      // or lakesync's own merge commits would trigger syncs forever; and a repository with
      // nothing in scope yet gets no empty table (a full rebuild of an existing table still
      // writes, to record the new settings).
      return new SyncResult(
          targetCommit, previous, true, false, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, phases.done());
    }
    state
        .filter(s -> plan.full() && !EmbeddingModels.sameModel(s.model(), stamp))
        .ifPresent(
            s ->
                LOG.info(
                    "{}: model change {} → {}: rebuilding all {} objects with the new model on the"
                        + " staging branch (no vector of the old model is reused); the target"
                        + " branch serves the old table until the merge",
                    table.name(),
                    s.model(),
                    stamp,
                    planned.upserts().size()));
    // Path order makes "every object up to this path is written" a complete checkpoint.
    List<SourceObject> all = planned.upserts();
    String resumedAfter = resume.map(SyncCheckpoint::lastPath).orElse("");
    List<SourceObject> todo =
        all.stream().filter(o -> o.path().compareTo(resumedAfter) > 0).toList();
    SyncCheckpoint.Counts before = resume.map(SyncCheckpoint::counts).orElse(Counts.NONE);
    if (resume.isPresent()) {
      LOG.info(
          "{}: resuming the sync to {} after {} ({} of {} objects written before)",
          table.name(),
          targetCommit,
          resumedAfter,
          all.size() - todo.size(),
          all.size());
    }
    RunningSyncs.Running progress =
        RunningSyncs.started(
            table.name(),
            targetCommit,
            all.size(),
            bytes(all),
            all.size() - todo.size(),
            bytes(all) - bytes(todo));
    SyncProgressLog progressLog = new SyncProgressLog(table.name(), progress);
    TableState next =
        new TableState(targetCommit, stamp, fingerprint, lakesyncVersion, modelRecord());
    int imageDimension = imageDimension();
    Run run =
        new Run(
            targetCommit,
            previous,
            fingerprint,
            stamp,
            plan.added(),
            resumedAfter,
            before,
            checkpoints,
            progress,
            progressLog,
            phases,
            new VectorReuse(store.vectorsAsOfNow(), store, stamp),
            (rows, skips, touched, newPathsOnly) -> {
              if (newPathsOnly) {
                store.append(rows, skips, touched, next, imageDimension);
              } else {
                store.write(rows, skips, touched, next, imageDimension);
              }
            });
    try {
      run.stream(todo, plan.removals(), resume.isPresent());
      progress.phase(RunningSyncs.Phase.WRITING);
      store.finish(next);
      phases.end("write");
      SyncCheckpoint.Counts total = before.plus(run.counts);
      return SyncResult.written(targetCommit, previous, plan.full(), total, phases.done(), before);
    } finally {
      RunningSyncs.finished(table.name());
    }
  }

  /** The width of the image vectors this table's rows get. */
  public int imageDimension() {
    return images == null ? ImageModel.DIMENSION : images.dimension(table.images());
  }

  /**
   * What a sync to {@code targetCommit} would do, planned against the table as it is now.
   *
   * @param upserts the plan's upserts in path order
   * @param planMillis how long planning took
   */
  public record Planned(
      String sourceCommit,
      SyncPlan plan,
      Optional<TableState> state,
      String fingerprint,
      String modelStamp,
      List<SourceObject> upserts,
      long planMillis) {
    /** The commit the table represents now; empty for a new table. */
    public String previous() {
      return state.map(TableState::lastSyncedCommit).orElse("");
    }
  }

  public Planned plan(String targetCommit) throws IOException {
    long started = System.nanoTime();
    String stamp = embedder.model().stamp();
    String fingerprint = fingerprint(table, stamp, images);
    Optional<TableState> state = store.state();
    SyncPlan plan =
        new SyncPlanner(source, store, table.scope(), fingerprint).plan(state, targetCommit);
    return new Planned(
        targetCommit,
        plan,
        state,
        fingerprint,
        stamp,
        plan.upserts().stream().sorted(Comparator.comparing(SourceObject::path)).toList(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Reads, extracts, chunks and embeds {@code objects} at {@code targetCommit} (one shard of a
   * sync), handing each batch's rows to {@code sink} instead of the table: the table is only read,
   * for vectors and image analyses to reuse.
   *
   * @param added the objects' paths that are new to the table, for the counts
   * @param progressKey the key the work shows under in {@link RunningSyncs}
   */
  public Counts stream(
      String targetCommit,
      List<SourceObject> objects,
      Set<String> added,
      String progressKey,
      RowSink sink)
      throws IOException {
    String stamp = embedder.model().stamp();
    RunningSyncs.Running progress =
        RunningSyncs.started(progressKey, targetCommit, objects.size(), bytes(objects), 0, 0);
    try {
      Run run =
          new Run(
              targetCommit,
              "",
              fingerprint(table, stamp, images),
              stamp,
              added,
              "",
              Counts.NONE,
              Checkpoints.NONE,
              progress,
              new SyncProgressLog(progressKey, progress),
              new Phases(),
              // The shard's rows go to data files nobody reads yet: only the table is looked in.
              new VectorReuse(store.vectorsAsOfNow(), VectorLookup.NONE, stamp),
              sink);
      run.stream(objects, List.of(), false);
      return run.counts;
    } finally {
      RunningSyncs.finished(progressKey);
    }
  }

  /** Where a sync's batches go: the table, or (for a shard) data files nobody references yet. */
  @FunctionalInterface
  public interface RowSink {
    /**
     * @param newPathsOnly every row and touched path is of an object the table had no rows for when
     *     the sync began, and this batch cannot have been written before (it is not the first of a
     *     resumed run): the rows can be appended without looking for old ones
     */
    void write(
        List<EmbeddingRow> rows,
        List<SkipRecord> skips,
        Collection<String> touched,
        boolean newPathsOnly)
        throws IOException;
  }

  private static long bytes(List<SourceObject> objects) {
    return objects.stream().mapToLong(SourceObject::sizeBytes).sum();
  }

  /** One sync's streaming: reads windows ahead, fills batches, embeds, writes and checkpoints. */
  private final class Run {
    private final String targetCommit;
    private final String previous;
    private final String fingerprint;
    private final String stamp;
    private final Set<String> added;
    private final SyncCheckpoint.Counts before;
    private final Checkpoints checkpoints;
    private final RunningSyncs.Running progress;
    private final SyncProgressLog progressLog;
    private final Phases phases;
    private final VectorReuse reuse;
    private final RowSink sink;

    /** This run's counts, over the batches written so far. */
    SyncCheckpoint.Counts counts = Counts.NONE;

    /** The last path whose rows are all in a written batch. */
    private String lastWritten;

    private Batch batch = new Batch();
    private int writes;
    private boolean mayFindOwnRows;

    /** Paths of this resumed run that had rows of the run it resumes. */
    private final Set<String> found = new java.util.HashSet<>();

    Run(
        String targetCommit,
        String previous,
        String fingerprint,
        String stamp,
        Set<String> added,
        String resumedAfter,
        SyncCheckpoint.Counts before,
        Checkpoints checkpoints,
        RunningSyncs.Running progress,
        SyncProgressLog progressLog,
        Phases phases,
        VectorReuse reuse,
        RowSink sink) {
      this.targetCommit = targetCommit;
      this.previous = previous;
      this.fingerprint = fingerprint;
      this.stamp = stamp;
      this.added = added;
      this.lastWritten = resumedAfter;
      this.before = before;
      this.checkpoints = checkpoints;
      this.progress = progress;
      this.progressLog = progressLog;
      this.phases = phases;
      this.reuse = reuse;
      this.sink = sink;
    }

    void stream(List<SourceObject> todo, List<String> removals, boolean resumed)
        throws IOException {
      this.mayFindOwnRows = resumed;
      // Removals go with the first batch: applying them again after a resume is harmless, and
      // they were counted by the run that wrote them.
      batch.touched.addAll(removals);
      batch.deleted = resumed ? 0 : removals.size();
      List<List<SourceObject>> windows =
          ReadAhead.windows(todo, ObjectFetcher.WINDOW, WINDOW_BYTES, SourceObject::sizeBytes);
      WindowReader reader = new WindowReader(targetCommit, todo);
      try (ObjectFetcher fetcher =
              new ObjectFetcher(
                  source, extractor, table.maxObjectBytes(), images == null ? null : ocr());
          ReadAhead<List<ReadObject>> reads =
              new ReadAhead<>(
                  windows.size(), READ_AHEAD_WINDOWS, i -> reader.read(fetcher, i, windows))) {
        while (reads.hasNext()) {
          progress.phase(RunningSyncs.Phase.READING);
          List<ReadObject> window = reads.next();
          phases.end("read");
          for (ReadObject object : window) {
            add(object);
          }
        }
      }
      if (!batch.isEmpty() || writes == 0) {
        // The last batch is not checkpointed: the staging commit with the result follows.
        flush(false);
      }
    }

    /** Adds an object's chunks, writing each batch that fills up on the way. */
    private void add(ReadObject object) throws IOException {
      progress.objectRead(object.chunks().size());
      if (batch.isFull()) {
        flush(true);
      }
      // Only the batch with the object's first chunk deletes its old rows: a later batch holding
      // the rest of a large object must not delete what the first one wrote.
      batch.touched.add(object.object().path());
      if (object.skip() != null) {
        batch.skips.add(object.skip());
      }
      List<PendingChunk> chunks = object.chunks();
      for (int i = 0; i < chunks.size(); i++) {
        if (i > 0 && batch.isFull()) {
          flush(true);
        }
        batch.chunks.add(chunks.get(i));
      }
      batch.completed.add(object);
    }

    /** Embeds what the batch's chunks need, writes its rows, and checkpoints when asked. */
    private void flush(boolean checkpoint) throws IOException {
      progress.phase(RunningSyncs.Phase.EMBEDDING);
      List<PendingChunk> pending = batch.chunks;
      Map<String, float[]> vectors =
          reuse.find(pending.stream().map(PendingChunk::hash).distinct().toList());
      List<String> missing = new ArrayList<>();
      Map<String, String> textByHash = new HashMap<>();
      for (PendingChunk p : pending) {
        if (!vectors.containsKey(p.hash())
            && textByHash.putIfAbsent(p.hash(), p.chunk().embeddedText()) == null) {
          missing.add(p.hash());
        }
      }
      // Every chunk not sent to the model saved a call: its vector came from the table (an earlier
      // batch of this sync included), or from an identical chunk embedded once in this batch.
      int reused = pending.size() - missing.size();
      progress.chunksDone(reused, 0);
      List<float[]> embedded =
          embedReporting(missing.stream().map(textByHash::get).toList(), progress);
      for (int i = 0; i < missing.size(); i++) {
        vectors.put(missing.get(i), embedded.get(i));
      }
      phases.end("embed");
      progress.phase(RunningSyncs.Phase.WRITING);
      List<EmbeddingRow> rows = new ArrayList<>(pending.size());
      for (PendingChunk p : pending) {
        rows.add(p.toRow(targetCommit, stamp, vectors.get(p.hash())));
      }
      boolean newPathsOnly =
          added.containsAll(batch.touched)
              && pending.stream().allMatch(p -> added.contains(p.object().path()));
      if (mayFindOwnRows) {
        // The run this one resumes may have written past its checkpoint (the batch it died after,
        // the first part of a large object): those rows are replaced, not added again. It wrote
        // in path order, so the first batch whose new objects have no rows ends the check; the
        // rest of an object found with rows is replaced too.
        boolean touchedHaveRows = !batch.touched.isEmpty() && store.hasRowsFor(batch.touched);
        boolean continuesFound = pending.stream().anyMatch(p -> found.contains(p.object().path()));
        if (touchedHaveRows) {
          found.addAll(batch.touched);
        } else if (!batch.touched.isEmpty()) {
          mayFindOwnRows = false;
        }
        newPathsOnly &= !touchedHaveRows && !continuesFound;
      }
      sink.write(rows, batch.skips, batch.touched, newPathsOnly);
      reuse.written(vectors);
      writes++;
      phases.end("write");
      counts = counts.plus(batch.counts(added, rows.size(), missing.size(), reused));
      long bytes = batch.completed.stream().mapToLong(o -> o.object().sizeBytes()).sum();
      if (!batch.completed.isEmpty()) {
        lastWritten = batch.completed.get(batch.completed.size() - 1).object().path();
      }
      boolean completedAny = !batch.completed.isEmpty() || batch.deleted > 0;
      progress.written(batch.completed.size(), bytes);
      batch = new Batch();
      if (checkpoint && completedAny) {
        checkpoints.reached(
            new SyncCheckpoint(
                targetCommit, previous, fingerprint, lastWritten, before.plus(counts)));
        phases.end("checkpoint");
      }
      progressLog.maybeLog();
    }
  }

  /** The rows of one batch on their way to the table, and what writing them completes. */
  private final class Batch {
    final List<PendingChunk> chunks = new ArrayList<>();
    final Set<String> touched = new LinkedHashSet<>();
    final List<SkipRecord> skips = new ArrayList<>();

    /** Objects whose last chunk is in this batch (or that have none). */
    final List<ReadObject> completed = new ArrayList<>();

    int deleted;

    boolean isFull() {
      return chunks.size() >= table.batchChunks();
    }

    boolean isEmpty() {
      return chunks.isEmpty() && touched.isEmpty();
    }

    SyncCheckpoint.Counts counts(Set<String> added, int rows, int modelCalls, int reused) {
      int newObjects = 0;
      int updated = 0;
      int imageCalls = 0;
      int imagesReused = 0;
      Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
      for (ReadObject object : completed) {
        if (object.skipReason() != null) {
          skipped.merge(object.skipReason(), 1, Integer::sum);
        } else if (added.contains(object.object().path())) {
          newObjects++;
        } else {
          updated++;
        }
        imageCalls += object.image() == ImageWork.ANALYSED ? 1 : 0;
        imagesReused += object.image() == ImageWork.REUSED ? 1 : 0;
      }
      return new SyncCheckpoint.Counts(
          completed.size(),
          newObjects,
          updated,
          deleted,
          skipped,
          rows,
          modelCalls,
          reused,
          imageCalls,
          imagesReused);
    }
  }

  /** What the image model did for an object. */
  private enum ImageWork {
    NONE,
    ANALYSED,
    REUSED
  }

  /**
   * One object as read: its chunks to be (none when it was skipped, or has no text), and the skip
   * record when it was skipped.
   */
  private record ReadObject(
      SourceObject object,
      List<PendingChunk> chunks,
      SkipRecord skip,
      SkipReason skipReason,
      ImageWork image) {}

  /**
   * Reads windows of objects on the read-ahead thread: fetch and extract, analyse images, chunk.
   * Runs one window at a time, in order, so the stored image analyses it looks up once per block
   * serve the whole block.
   */
  private final class WindowReader {
    private final String commit;
    private final List<SourceObject> todo;
    private Map<String, ImageColumns> known = Map.of();
    private int knownUntil;
    private int nextStart;

    WindowReader(String commit, List<SourceObject> todo) {
      this.commit = commit;
      this.todo = todo;
    }

    List<ReadObject> read(ObjectFetcher fetcher, int index, List<List<SourceObject>> windows)
        throws IOException {
      // Windows are read in order, one after another, on the read-ahead thread.
      List<SourceObject> window = windows.get(index);
      int start = nextStart;
      nextStart += window.size();
      if (nextStart > knownUntil) {
        knownUntil = Math.min(todo.size(), Math.max(start + KNOWN_IMAGES_BLOCK, nextStart));
        known = knownImages(todo.subList(start, knownUntil));
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
              commit, window.stream().filter(o -> !reusable.containsKey(o.checksum())).toList())) {
        read.put(fetched.object().path(), fetched);
      }
      Map<String, ImageColumns> analysed = analyse(read);
      List<ReadObject> objects = new ArrayList<>(window.size());
      for (SourceObject object : window) {
        ImageColumns image = reusable.get(object.checksum());
        if (image != null) {
          objects.add(
              new ReadObject(object, imageChunks(object, image), null, null, ImageWork.REUSED));
        } else if (analysed.containsKey(object.path())) {
          objects.add(
              new ReadObject(
                  object,
                  imageChunks(object, analysed.get(object.path())),
                  null,
                  null,
                  ImageWork.ANALYSED));
        } else {
          ObjectFetcher.Fetched fetched = read.get(object.path());
          if (fetched.extraction() instanceof Extraction.Skipped skip) {
            LOG.info(
                "skipped {} at {}: {} ({})", object.path(), commit, skip.reason(), skip.detail());
            objects.add(
                new ReadObject(
                    object,
                    List.of(),
                    skipRecord(commit, object, skip),
                    skip.reason(),
                    ImageWork.NONE));
          } else {
            objects.add(new ReadObject(object, chunksOf(fetched), null, null, ImageWork.NONE));
          }
        }
      }
      return objects;
    }
  }

  /**
   * The texts' vectors, embedded a slice at a time so the progress shows chunks embedded while it
   * runs (a 15 MB file is twenty thousand chunks and minutes of work).
   */
  private List<float[]> embedReporting(List<String> texts, RunningSyncs.Running progress) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
      List<String> slice = texts.subList(from, Math.min(texts.size(), from + EMBED_SLICE));
      vectors.addAll(embedder.embed(slice));
      progress.chunksDone(slice.size(), slice.size());
    }
    return vectors;
  }

  private boolean withinLimits(SourceObject object, ImageColumns analysis) {
    return object.sizeBytes() <= table.maxObjectBytes()
        && (analysis.width() == 0 || imageDecoder.admits(analysis.width(), analysis.height()));
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

  private List<PendingChunk> chunksOf(ObjectFetcher.Fetched fetched) {
    SourceObject object = fetched.object();
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

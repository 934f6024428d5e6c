package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.ImageEmbedder;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.extract.Ocr;
import io.lakesync.extract.OcrResult;
import io.lakesync.extract.SkipReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SyncEngineTest {
  private final InMemoryObjectSource source = new InMemoryObjectSource();
  private final InMemoryVectorStore store = new InMemoryVectorStore();
  private final HashEmbedder embedder = new HashEmbedder();
  private final Random random = new Random(11);

  @Test
  void renamingFiftyDocumentsCostsNoModelCall() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      files.put("docs/doc-" + i + ".md", bytes(document(4)));
    }
    engine(config("docs/**")).sync(source.commit(files));
    int callsAfterBackfill = embedder.calls();

    Map<String, byte[]> renamed = new TreeMap<>();
    files.forEach((path, content) -> renamed.put(path.replace("docs/", "docs/renamed/"), content));
    SyncResult result = engine(config("docs/**")).sync(source.commit(renamed));

    assertThat(callsAfterBackfill).isPositive();
    assertThat(embedder.calls() - callsAfterBackfill).isZero();
    assertThat(result.modelCalls()).isZero();
    assertThat(result.added()).isEqualTo(50);
    assertThat(result.updated()).isZero();
    assertThat(result.deleted()).isEqualTo(50);
    assertThat(store.paths()).allMatch(p -> p.startsWith("docs/renamed/")).hasSize(50);
  }

  @Test
  void renamingThreeHundredImagesCallsNoModelAndLooksUpOncePerBlock() throws Exception {
    ImageIndexing images = HashImageModels.indexing();
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      files.put(
          "img/photo-" + i + ".png",
          io.lakesync.testing.TestImages.png(io.lakesync.testing.TestImages.colourField(i, 8, 8)));
    }
    TableConfig table = config("img/**");
    new SyncEngine(table, source, store, embedder, images, "test").sync(source.commit(files));
    int imageCalls = images.modelCalls();
    int lookups = store.imageLookups();

    Map<String, byte[]> renamed = new TreeMap<>();
    files.forEach((path, content) -> renamed.put(path.replace("img/", "img/renamed/"), content));
    SyncResult result =
        new SyncEngine(table, source, store, embedder, images, "test").sync(source.commit(renamed));

    assertThat(result.imagesReused()).isEqualTo(300);
    assertThat(result.imageModelCalls()).isZero();
    assertThat(images.modelCalls()).isEqualTo(imageCalls);
    // 300 objects: two blocks of SyncEngine.KNOWN_IMAGES_BLOCK, not one lookup per window.
    assertThat(store.imageLookups() - lookups).isEqualTo(2);
  }

  @Test
  void anImageTheModelCannotTakeIsSkippedAndTheRestOfItsWindowIsSynced() throws Exception {
    ImageIndexing images =
        new ImageIndexing(RefusesThirteenWide::new, "refusing@1", config -> Ocr.NONE);
    Map<String, byte[]> files = new TreeMap<>();
    for (int width : new int[] {12, 13, 14}) {
      files.put(
          "img/w" + width + ".png",
          io.lakesync.testing.TestImages.png(
              io.lakesync.testing.TestImages.colourField(width, width, 10)));
    }
    SyncResult result =
        new SyncEngine(config("img/**"), source, store, embedder, images, "test")
            .sync(source.commit(files));

    assertThat(result.imageModelCalls()).isEqualTo(2);
    assertThat(store.rows()).containsKeys("img/w12.png#0", "img/w14.png#0");
    assertThat(store.skips()).containsOnlyKeys("img/w13.png");
    assertThat(store.skips().get("img/w13.png").reason()).isEqualTo("UNREADABLE");
    assertThat(store.skips().get("img/w13.png").detail())
        .startsWith("the image model could not read it")
        .contains("13 pixels wide");
  }

  @Test
  void aFailedOcrIsStampedSoAndNotReusedForACopy() throws Exception {
    ImageIndexing images =
        new ImageIndexing(
            RefusesThirteenWide::new,
            "refusing@1",
            config ->
                new Ocr() {
                  @Override
                  public String stamp() {
                    return "flaky@1";
                  }

                  @Override
                  public OcrResult read(java.awt.image.BufferedImage image) {
                    return new OcrResult.Failed(OcrResult.Reason.TIMEOUT, "too slow");
                  }
                });
    byte[] png =
        io.lakesync.testing.TestImages.png(io.lakesync.testing.TestImages.colourField(1, 20, 10));
    Map<String, byte[]> files = new TreeMap<>(Map.of("img/a.png", png));
    new SyncEngine(config("img/**"), source, store, embedder, images, "test")
        .sync(source.commit(files));
    assertThat(store.rows().get("img/a.png#0").image().ocrEngine()).isEqualTo("flaky@1+failed");

    files.put("img/copy.png", png);
    SyncResult copy =
        new SyncEngine(config("img/**"), source, store, embedder, images, "test")
            .sync(source.commit(files));
    // Read and tried again, not handed the failed reading.
    assertThat(copy.imagesReused()).isZero();
    assertThat(copy.imageModelCalls()).isEqualTo(1);
  }

  @Test
  void aLoweredPixelLimitAppliesToImagesTheTableAnalysedBefore() throws Exception {
    ImageIndexing images = HashImageModels.indexing();
    Map<String, byte[]> files =
        Map.of(
            "img/big.png",
            io.lakesync.testing.TestImages.png(
                io.lakesync.testing.TestImages.colourField(1, 20, 10)));
    String commit = source.commit(files);
    TableConfig generous = config("img/**");
    new SyncEngine(generous, source, store, embedder, images, "test").sync(commit);
    assertThat(store.rows()).containsKey("img/big.png#0");

    TableConfig strict =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: repo, branch: main, include: ['img/**'],"
                    + " images: {max_pixels: 100}}]")
            .tables()
            .get(0);
    SyncResult rebuilt =
        new SyncEngine(strict, source, store, embedder, images, "test").sync(commit);
    InMemoryVectorStore fromEmpty = new InMemoryVectorStore();
    new SyncEngine(strict, source, fromEmpty, embedder, images, "test").sync(commit);

    // 20 × 10 = 200 pixels > 100: not reused, read again and skipped, as from an empty table.
    assertThat(rebuilt.full()).isTrue();
    assertThat(rebuilt.imagesReused()).isZero();
    assertThat(store.rows()).isEmpty();
    assertThat(store.skips().get("img/big.png").reason()).isEqualTo("TOO_LARGE");
    assertThat(fromEmpty.skips()).containsOnlyKeys("img/big.png");
  }

  /** An image model that cannot take images 13 pixels wide, and embeds the rest trivially. */
  private static final class RefusesThirteenWide implements ImageEmbedder {
    @Override
    public String stamp() {
      return "refusing@1";
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public List<ImageEmbedding> embed(List<java.awt.image.BufferedImage> images, int topK) {
      for (java.awt.image.BufferedImage image : images) {
        if (image.getWidth() == 13) {
          throw new IllegalArgumentException("13 pixels wide");
        }
      }
      return images.stream()
          .map(i -> new ImageEmbedding(new float[] {i.getWidth(), 1}, List.of()))
          .toList();
    }

    @Override
    public void close() {}
  }

  @Test
  void aRunningSyncShowsObjectsWrittenBatchByBatchUntilItsRowsAreWritten() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      files.put(String.format("docs/doc-%03d.md", i), bytes(words(12)));
    }
    List<String> seen = new ArrayList<>();
    io.lakesync.embed.TextEmbedder watching =
        new io.lakesync.testing.DelegatingEmbedder(embedder) {
          @Override
          public List<float[]> embed(List<String> texts) {
            io.lakesync.status.RunningSyncs.Running running =
                io.lakesync.status.RunningSyncs.of("docs");
            seen.add(
                running.phase()
                    + " "
                    + running.done()
                    + "/"
                    + running.total()
                    + " "
                    + running.chunksDone()
                    + "/"
                    + running.chunksPlanned());
            return super.embed(texts);
          }
        };
    new SyncEngine(config("docs/**", 120), source, store, watching, "test")
        .sync(source.commit(files));

    // Batches of 120 one-chunk objects: each is embedded once its 120 chunks are read, and the
    // objects before it are written by then; the last 60 go with the last batch.
    assertThat(seen)
        .hasSize(3)
        .allMatch(line -> line.startsWith("EMBEDDING "))
        .extracting(line -> line.split(" ")[1])
        .containsExactly("0/300", "120/300", "240/300");
    assertThat(store.writes()).isEqualTo(3);
    assertThat(io.lakesync.status.RunningSyncs.of("docs")).isNull();
  }

  @Test
  void aSyncInSmallBatchesWritesTheSameTableAsOneBatch() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      files.put("docs/doc-" + i + ".md", bytes(document(1 + random.nextInt(6))));
    }
    files.put("docs/big.md", bytes(document(60)));
    files.put("docs/empty.md", new byte[0]);
    String first = source.commit(files);
    InMemoryVectorStore whole = new InMemoryVectorStore();
    SyncResult oneBatch =
        new SyncEngine(config("docs/**"), source, whole, new HashEmbedder(), "test").sync(first);
    SyncResult batched = engine(config("docs/**", 16)).sync(first);

    // docs/big.md alone is more than one batch: its rows span several writes.
    assertThat(store.writes()).isGreaterThan(oneBatch.chunks() / 16);
    assertThat(comparable(store.rows())).isEqualTo(comparable(whole.rows()));
    assertThat(store.skips()).isEqualTo(whole.skips());
    assertThat(batched.chunks()).isEqualTo(oneBatch.chunks());
    assertThat(batched.modelCalls() + batched.reused()).isEqualTo(batched.chunks());
    assertThat(batched.added()).isEqualTo(oneBatch.added()).isEqualTo(41);
    assertThat(batched.skipped()).isEqualTo(oneBatch.skipped());

    // An incremental sync that shrinks the big document and removes others, in batches too.
    files.put("docs/big.md", bytes(document(3)));
    files.remove("docs/doc-3.md");
    files.remove("docs/doc-30.md");
    String second = source.commit(files);
    new SyncEngine(config("docs/**"), source, whole, new HashEmbedder(), "test").sync(second);
    SyncResult update = engine(config("docs/**", 16)).sync(second);
    assertThat(comparable(store.rows())).isEqualTo(comparable(whole.rows()));
    assertThat(update.deleted()).isEqualTo(2);
    assertThat(store.state().orElseThrow().lastSyncedCommit()).isEqualTo(second);
  }

  @Test
  void aSyncResumedFromACheckpointReadsAndEmbedsOnlyWhatCameAfterIt() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 60; i++) {
      files.put(String.format("docs/doc-%02d.md", i), bytes(document(2)));
    }
    String commit = source.commit(files);
    List<SyncCheckpoint> checkpoints = new ArrayList<>();
    // The first run dies after its third checkpoint, as a SIGKILL would stop it.
    RuntimeException killed = new RuntimeException("killed");
    try {
      engine(config("docs/**", 32))
          .sync(
              commit,
              java.util.Optional.empty(),
              checkpoint -> {
                checkpoints.add(checkpoint);
                if (checkpoints.size() == 3) {
                  throw killed;
                }
              });
    } catch (RuntimeException e) {
      assertThat(e).isSameAs(killed);
    }
    assertThat(store.state()).isEmpty();
    SyncCheckpoint last = checkpoints.get(2);
    int callsBefore = embedder.calls();
    int readsBefore = source.reads();

    SyncResult resumed =
        engine(config("docs/**", 32)).sync(commit, java.util.Optional.of(last), c -> {});
    int after = (int) files.keySet().stream().filter(p -> p.compareTo(last.lastPath()) > 0).count();
    assertThat(after).isBetween(1, 59);
    assertThat(source.reads() - readsBefore).isEqualTo(after);

    InMemoryVectorStore rebuilt = new InMemoryVectorStore();
    SyncResult full =
        new SyncEngine(config("docs/**"), source, rebuilt, new HashEmbedder(), "test").sync(commit);
    assertThat(comparable(store.rows())).isEqualTo(comparable(rebuilt.rows()));
    assertThat(store.state().orElseThrow().lastSyncedCommit()).isEqualTo(commit);
    assertThat(embedder.calls() - callsBefore)
        .isLessThanOrEqualTo(full.chunks() - last.counts().chunks());
    assertThat(resumed.added()).isEqualTo(60);
    assertThat(resumed.chunks()).isEqualTo(full.chunks());
  }

  @Test
  void aBackfillAppendsItsBatchesAndAResumedRunReplacesItsFirst() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      files.put(String.format("docs/doc-%02d.md", i), bytes(document(2)));
    }
    String first = source.commit(files);
    engine(config("docs/**", 16)).sync(first);
    // Every batch of a backfill holds new objects only: appended, no join with earlier rows.
    assertThat(store.appends()).isEqualTo(store.writes()).isGreaterThan(3);

    // An incremental sync whose batch removes a path is a write; one adding new paths appends.
    files.remove("docs/doc-00.md");
    files.put("docs/new.md", bytes(document(1)));
    int appends = store.appends();
    int writes = store.writes();
    engine(config("docs/**", 16)).sync(source.commit(files));
    assertThat(store.writes() - writes).isEqualTo(1);
    assertThat(store.appends() - appends).isZero();

    // A resumed run may find its first batch written already (a crash before its checkpoint):
    // that batch replaces rows; the ones after it append.
    Map<String, byte[]> more = new TreeMap<>(files);
    for (int i = 0; i < 40; i++) {
      // Objects of 1 to 12 chunks: some span batches, so the crashed run's last batch ends
      // inside an object.
      more.put(String.format("docs/more-%02d.md", i), bytes(document(1 + random.nextInt(12))));
    }
    String third = source.commit(more);
    List<SyncCheckpoint> checkpoints = new ArrayList<>();
    try {
      engine(config("docs/**", 16))
          .sync(
              third,
              java.util.Optional.empty(),
              c -> {
                checkpoints.add(c);
                if (checkpoints.size() == 2) {
                  throw new RuntimeException("killed");
                }
              });
    } catch (RuntimeException e) {
      assertThat(e).hasMessage("killed");
    }
    appends = store.appends();
    writes = store.writes();
    // Resumed from the first checkpoint: the second batch is in the table, as after a crash
    // between its write and its checkpoint (appending it again would duplicate its rows).
    engine(config("docs/**", 16)).sync(third, java.util.Optional.of(checkpoints.get(0)), c -> {});
    assertThat(store.writes() - writes).isGreaterThan(2);
    assertThat(store.appends() - appends).isPositive().isLessThan(store.writes() - writes);
    InMemoryVectorStore rebuilt = new InMemoryVectorStore();
    new SyncEngine(config("docs/**"), source, rebuilt, new HashEmbedder(), "test").sync(third);
    assertThat(comparable(store.rows())).isEqualTo(comparable(rebuilt.rows()));
  }

  @Test
  void aCheckpointOfAnotherCommitOrOtherSettingsIsIgnored() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 10; i++) {
      files.put("docs/doc-" + i + ".md", bytes(document(2)));
    }
    String commit = source.commit(files);
    SyncCheckpoint foreign =
        new SyncCheckpoint("another", "", "fp", "docs/doc-8.md", SyncCheckpoint.Counts.NONE);
    int readsBefore = source.reads();
    SyncResult result =
        engine(config("docs/**")).sync(commit, java.util.Optional.of(foreign), c -> {});
    assertThat(source.reads() - readsBefore).isEqualTo(10);
    assertThat(result.added()).isEqualTo(10);
  }

  @Test
  void chunksRepeatedInsideOneSyncAreEmbeddedOnceAndCountedAsReused() throws Exception {
    String paragraph = words(30);
    Map<String, byte[]> files = new TreeMap<>();
    // The same paragraph ten times in one file, and the same file twice: one model call.
    String repeated = String.join("\n\n", java.util.Collections.nCopies(10, paragraph));
    files.put("docs/a.txt", bytes(repeated));
    files.put("docs/copy/a.txt", bytes(repeated));
    SyncResult result = engine(config("docs/**")).sync(source.commit(files));

    assertThat(result.chunks()).isGreaterThan(2);
    assertThat(result.modelCalls() + result.reused()).isEqualTo(result.chunks());
    assertThat(embedder.calls()).isEqualTo(result.modelCalls());
    assertThat(result.reused()).isPositive();
  }

  @Test
  void aBackfillInManyBatchesNeverScansItsOwnTableAndStillReusesItsRepeats() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < 60; i++) {
      files.put("docs/doc-" + String.format("%02d", i) + ".md", bytes(document(3)));
    }
    // Copies, written batches after their originals: their chunks are found in memory.
    for (int i = 0; i < 60; i += 10) {
      String name = "doc-" + String.format("%02d", i) + ".md";
      files.put("docs/zz/" + name, files.get("docs/" + name));
    }
    SyncResult backfill = engine(config("docs/**", 16)).sync(source.commit(files));

    assertThat(store.writes()).isGreaterThan(8);
    assertThat(store.vectorLookups()).isZero();
    assertThat(store.snapshotLookups()).isZero();
    assertThat(backfill.reused()).isGreaterThanOrEqualTo(5);
    assertThat(backfill.modelCalls() + backfill.reused()).isEqualTo(backfill.chunks());
    assertThat(embedder.calls()).isEqualTo(backfill.modelCalls());

    // The next sync looks in the table as it was when it began: once a batch, never in its rows.
    int writesBefore = store.writes();
    for (int i = 0; i < 20; i++) {
      files.put("docs/new-" + i + ".md", bytes(document(3)));
    }
    files.put("docs/copy/doc-05.md", files.get("docs/doc-05.md"));
    SyncResult update = engine(config("docs/**", 16)).sync(source.commit(files));

    assertThat(update.reused()).isPositive();
    assertThat(store.snapshotLookups()).isEqualTo(store.writes() - writesBefore);
    assertThat(store.vectorLookups()).isZero();
  }

  @Test
  void editingOneParagraphOfATwentyChunkDocumentCostsAtMostTwoModelCalls() throws Exception {
    List<String> paragraphs = new ArrayList<>();
    for (int p = 0; p < 20; p++) {
      paragraphs.add(words(40 + random.nextInt(20)));
    }
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/long.md", bytes(String.join("\n\n", paragraphs)));
    SyncResult first = engine(config("docs/**")).sync(source.commit(files));
    assertThat(first.chunks()).isEqualTo(20);

    paragraphs.set(7, words(45));
    files.put("docs/long.md", bytes(String.join("\n\n", paragraphs)));
    int before = embedder.calls();
    SyncResult edit = engine(config("docs/**")).sync(source.commit(files));

    assertThat(embedder.calls() - before).isEqualTo(edit.modelCalls()).isBetween(1, 2);
    assertThat(edit.reused()).isGreaterThanOrEqualTo(18);
  }

  @Test
  void aRepositoryWithNothingInScopeGetsNoEmptyTableUntilSomethingIsInScope() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("other/b.md", bytes(document(2)));

    SyncResult first = engine(config("docs/**")).sync(source.commit(files));

    assertThat(first.noop()).isTrue();
    assertThat(store.writes()).isZero();
    assertThat(store.state()).isEmpty();

    files.put("docs/a.md", bytes(document(2)));
    SyncResult second = engine(config("docs/**")).sync(source.commit(files));
    assertThat(second.noop()).isFalse();
    assertThat(store.paths()).containsExactly("docs/a.md");
  }

  @Test
  void aCommitOutsideTheScopeIsANoopThatWritesNothing() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/a.md", bytes(document(2)));
    engine(config("docs/**")).sync(source.commit(files));
    int writes = store.writes();

    files.put("other/b.md", bytes(document(2)));
    // The table's own files never count either, or lakesync's merges would loop.
    files.put("lancedb/docs.lance/_versions/2.manifest", bytes("binary manifest"));
    SyncResult result = engine(config("docs/**")).sync(source.commit(files));

    assertThat(result.noop()).isTrue();
    assertThat(store.writes()).isEqualTo(writes);
    assertThat(store.state().orElseThrow().lastSyncedCommit()).isEqualTo("c0");
  }

  @Test
  void unreadableObjectsAreSkippedCountedAndLoseTheirOldRows() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/a.md", bytes(document(2)));
    files.put("docs/b.txt", bytes(document(2)));
    engine(config("docs/**")).sync(source.commit(files));

    files.put("docs/b.txt", new byte[] {1, 0, 2});
    files.put("docs/empty.md", new byte[0]);
    files.put("docs/photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
    SyncResult result = engine(config("docs/**")).sync(source.commit(files));

    assertThat(result.skipped())
        .containsEntry(SkipReason.BINARY, 1)
        .containsEntry(SkipReason.EMPTY, 1)
        .containsEntry(SkipReason.UNSUPPORTED_TYPE, 1);
    assertThat(store.rows().values()).extracting(EmbeddingRow::path).containsOnly("docs/a.md");
    assertThat(store.skips())
        .containsOnlyKeys("docs/b.txt", "docs/empty.md", "docs/photo.png")
        .hasEntrySatisfying(
            "docs/photo.png",
            s -> {
              assertThat(s.reason()).isEqualTo("UNSUPPORTED_TYPE");
              assertThat(s.objectChecksum()).isEqualTo(Hashing.sha256(files.get("docs/photo.png")));
            });

    // A fixed object loses its skip record, a deleted one too.
    files.put("docs/b.txt", bytes(document(2)));
    files.remove("docs/photo.png");
    engine(config("docs/**")).sync(source.commit(files));

    assertThat(store.skips()).containsOnlyKeys("docs/empty.md");
    assertThat(store.rows().values())
        .extracting(EmbeddingRow::path)
        .containsOnly("docs/a.md", "docs/b.txt");
  }

  @Test
  void underTheRedactPolicyNeitherTextNorVectorCarriesPii() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/a.md", bytes("Refunds: write to refunds@example.com or call +1 415 555 2671."));
    TableConfig redacting =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: repo, branch: main, quality: {pii: redact}}]")
            .tables()
            .get(0);

    new SyncEngine(redacting, source, store, embedder, "test").sync(source.commit(files));

    EmbeddingRow row = store.rows().get("docs/a.md#0");
    assertThat(row.text())
        .isEqualTo("Refunds: write to [REDACTED:EMAIL] or call [REDACTED:PHONE].")
        .doesNotContain("refunds@example.com");
    assertThat(row.vector()).isEqualTo(embedder.embed(List.of(row.embeddedText())).get(0));
    TableConfig blocking =
        LakesyncConfig.parse("tables: [{name: docs, repository: repo, branch: main}]")
            .tables()
            .get(0);
    // Switching the policy changes the rows, so it must force a rebuild.
    assertThat(SyncEngine.fingerprint(redacting, "m", null))
        .isNotEqualTo(SyncEngine.fingerprint(blocking, "m", null));
  }

  @Test
  void objectsOverTheSizeLimitAreNeverDownloaded() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/huge.txt", new byte[4096]);
    TableConfig small =
        LakesyncConfig.parse(
                "tables: [{name: docs, repository: repo, branch: main, max_object_bytes: 1024}]")
            .tables()
            .get(0);

    SyncResult result =
        new SyncEngine(small, source, store, embedder, "test").sync(source.commit(files));

    assertThat(result.skipped()).containsEntry(SkipReason.TOO_LARGE, 1);
    assertThat(source.reads()).isZero();
  }

  @Test
  void rowsCarryLineage() throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("docs/a.md", bytes("first paragraph here\n\nsecond paragraph there"));
    String commit = source.commit(files);
    engine(config("docs/**")).sync(commit);

    EmbeddingRow row = store.rows().get("docs/a.md#0");
    assertThat(row.sourceCommit()).isEqualTo(commit);
    assertThat(row.model()).isEqualTo("hash@1");
    assertThat(row.objectChecksum()).isEqualTo(Hashing.sha256(files.get("docs/a.md")));
    assertThat(row.textSha256()).isEqualTo(Hashing.sha256(row.embeddedText()));
    assertThat(row.context()).isEqualTo("a");
    assertThat(row.embeddedText()).isEqualTo("a\n\n" + row.text());
    assertThat(row.text())
        .isEqualTo(
            "first paragraph here\n\nsecond paragraph there".substring(row.start(), row.end()));
  }

  private SyncEngine engine(TableConfig table) {
    return new SyncEngine(table, source, store, embedder, "test");
  }

  private static Map<String, String> comparable(Map<String, EmbeddingRow> rows) {
    return IncrementalEqualsFullRebuildTest.comparable(rows);
  }

  static TableConfig config(String include) {
    return config(include, TableConfig.DEFAULT_BATCH_CHUNKS);
  }

  static TableConfig config(String include, int batchChunks) {
    return LakesyncConfig.parse(
            "tables: [{name: docs, repository: repo, branch: main, chunk_tokens: 64, chunk_overlap: 8,"
                + " batch_chunks: "
                + batchChunks
                + ", include: ['"
                + include
                + "']}]")
        .tables()
        .get(0);
  }

  private String document(int paragraphs) {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < paragraphs; p++) {
      out.add(words(20 + random.nextInt(30)));
    }
    return String.join("\n\n", out);
  }

  private String words(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append("w").append(random.nextInt(1_000_000));
    }
    return sb.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

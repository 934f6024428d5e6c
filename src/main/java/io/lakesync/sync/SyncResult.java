package io.lakesync.sync;

import io.lakesync.extract.SkipReason;
import java.util.Map;

/**
 * What one sync did. Counts are of objects unless named otherwise.
 *
 * @param noop nothing in scope changed, so nothing was written
 * @param full the sync was a full rebuild
 * @param added objects new to the table that got rows
 * @param updated objects already in the table whose rows were rewritten
 * @param deleted paths whose rows were removed (deleted, renamed away, out of scope)
 * @param skipped objects in scope without text, by reason
 * @param chunks chunk rows written
 * @param modelCalls chunk texts sent to the model
 * @param reused chunks not sent to the model: their vector came from the table (same text, same
 *     model) or from an identical chunk embedded once in this sync; {@code modelCalls + reused} is
 *     {@code chunks}
 * @param imageModelCalls images sent to the image model
 * @param imagesReused images whose analysis (vector, labels, OCR text) came from the table: the
 *     same content was there already, under this or another path
 * @param phasesMs milliseconds per phase: plan, read (fetch, extract, chunk), embed, write
 * @param resumed what an earlier run of this sync had written when this one resumed from its
 *     checkpoint ({@link SyncCheckpoint.Counts#NONE} when it started from the beginning); the
 *     counts above include it
 */
public record SyncResult(
    String sourceCommit,
    String previousCommit,
    boolean noop,
    boolean full,
    int added,
    int updated,
    int deleted,
    Map<SkipReason, Integer> skipped,
    int chunks,
    int modelCalls,
    int reused,
    int imageModelCalls,
    int imagesReused,
    Map<String, Long> phasesMs,
    SyncCheckpoint.Counts resumed) {

  public SyncResult {
    phasesMs = Map.copyOf(phasesMs);
    resumed = resumed == null ? SyncCheckpoint.Counts.NONE : resumed;
  }

  /** A sync that started from the beginning. */
  public SyncResult(
      String sourceCommit,
      String previousCommit,
      boolean noop,
      boolean full,
      int added,
      int updated,
      int deleted,
      Map<SkipReason, Integer> skipped,
      int chunks,
      int modelCalls,
      int reused,
      int imageModelCalls,
      int imagesReused,
      Map<String, Long> phasesMs) {
    this(
        sourceCommit,
        previousCommit,
        noop,
        full,
        added,
        updated,
        deleted,
        skipped,
        chunks,
        modelCalls,
        reused,
        imageModelCalls,
        imagesReused,
        phasesMs,
        SyncCheckpoint.Counts.NONE);
  }

  /**
   * A sync that wrote rows: its {@code total} counts (of every run of it), of which {@code resumed}
   * were written by an earlier run it resumed.
   */
  public static SyncResult written(
      String sourceCommit,
      String previousCommit,
      boolean full,
      SyncCheckpoint.Counts total,
      Map<String, Long> phasesMs,
      SyncCheckpoint.Counts resumed) {
    return new SyncResult(
        sourceCommit,
        previousCommit,
        false,
        full,
        total.added(),
        total.updated(),
        total.deleted(),
        total.skipped(),
        total.chunks(),
        total.modelCalls(),
        total.reused(),
        total.imageModelCalls(),
        total.imagesReused(),
        phasesMs,
        resumed);
  }

  /** Objects that got rows in this sync: added plus updated. */
  public int upserted() {
    return added + updated;
  }

  public int skippedTotal() {
    return skipped.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The one-line summary the CLI prints and the lineage metadata repeats. */
  public String summary() {
    if (noop) {
      return "noop: nothing in scope changed since " + previousCommit;
    }
    return String.format(
            "%s %s: %d objects added, %d updated, %d deleted, %d skipped, %d chunks (%d embedded, %d"
                + " reused)",
            full ? "rebuilt at" : "synced to",
            sourceCommit,
            added,
            updated,
            deleted,
            skippedTotal(),
            chunks,
            modelCalls,
            reused)
        + (imageModelCalls + imagesReused == 0
            ? ""
            : String.format(
                ", %d images (%d analysed, %d reused)",
                imageModelCalls + imagesReused, imageModelCalls, imagesReused))
        + (resumed.objectsDone() == 0
            ? ""
            : String.format(
                "; resumed after %d objects written before, %d chunks embedded in this run",
                resumed.objectsDone(), modelCalls - resumed.modelCalls()));
  }
}

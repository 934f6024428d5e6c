package io.lakesync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table side of a sync: a lakesync table's state, rows and write; as a {@link VectorLookup},
 * its existing vectors by chunk-text hash.
 */
public interface VectorStore extends VectorLookup {
  Optional<TableState> state();

  /** Paths that currently have rows or a skip record. */
  Set<String> paths();

  /**
   * The vectors of the table as it is now, which what is written after this call does not change:
   * where a sync looks for vectors to reuse without its lookups growing with its own writes.
   */
  VectorLookup vectorsAsOfNow();

  /**
   * The stored analysis of images with these content checksums (the image columns of their first
   * rows), made by the same image model and OCR engine: what a sync reuses instead of decoding, OCR
   * and the image model, so a renamed, copied or reverted image costs no model call.
   */
  Map<String, ImageColumns> imagesByChecksum(
      Collection<String> checksums, String imageModel, String ocrEngine);

  /**
   * Writes one batch of a sync: upserts its rows and skip records and deletes the other rows and
   * records of {@code touchedPaths}. The state is not written, so until {@link #finish} the table
   * still says it represents the commit the sync started from (and a resumed sync plans the same
   * work again).
   *
   * @param next the state the sync will record: a store that must replace the table (its schema
   *     changed) checks that the settings changed too
   * @param imageDimension the width of the image vectors the table's image model makes (0: take the
   *     table's or the default); a table created by a batch without images still gets the width its
   *     first image will need
   */
  void write(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState next,
      int imageDimension);

  /**
   * Writes one batch whose rows are all of objects the table has no rows for: the same result as
   * {@link #write}, without looking for rows to replace or delete (a backfill's batches, whose cost
   * must not grow with the rows written before them).
   */
  default void append(
      List<EmbeddingRow> rows,
      List<SkipRecord> skips,
      Collection<String> newPaths,
      TableState next,
      int imageDimension) {
    write(rows, skips, newPaths, next, imageDimension);
  }

  /**
   * Every batch of the sync is written: maintains the indexes, compacts what the batches left in
   * pieces, and records the state last, so a table with the new state is complete.
   */
  void finish(TableState state);

  /** One batch that is the whole sync: {@link #write} then {@link #finish}. */
  default void apply(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState state,
      int imageDimension) {
    write(upserts, skips, touchedPaths, state, imageDimension);
    finish(state);
  }

  /** As above, with the table's own image vector width. */
  default void apply(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState state) {
    apply(upserts, skips, touchedPaths, state, 0);
  }

  /** Whether the table has rows of any of these paths. */
  boolean hasRowsFor(Collection<String> paths);

  /** Skip records by path. */
  Map<String, SkipRecord> skips();
}

package io.lakesync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The table side of a sync: a lakesync table's state, rows and write. */
public interface VectorStore {
  Optional<TableState> state();

  /** Paths that currently have rows or a skip record. */
  Set<String> paths();

  /** Existing vectors by chunk-text hash, for {@code modelStamp} only. */
  Map<String, float[]> vectorsByTextHash(Collection<String> hashes, String modelStamp);

  /**
   * The stored analysis of images with these content checksums (the image columns of their first
   * rows), made by the same image model and OCR engine: what a sync reuses instead of decoding, OCR
   * and the image model, so a renamed, copied or reverted image costs no model call.
   */
  Map<String, ImageColumns> imagesByChecksum(
      Collection<String> checksums, String imageModel, String ocrEngine);

  /**
   * Upserts rows and skip records, deletes the other rows and records of {@code touchedPaths}, then
   * records the state (last, so a table with the new state is complete).
   */
  void apply(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState state);

  /**
   * As above, for a table whose image vectors have {@code imageDimension} floats: a table created
   * by a sync without images still gets the width its first image will need.
   */
  default void apply(
      List<EmbeddingRow> upserts,
      List<SkipRecord> skips,
      Collection<String> touchedPaths,
      TableState state,
      int imageDimension) {
    apply(upserts, skips, touchedPaths, state);
  }

  /** Skip records by path. */
  Map<String, SkipRecord> skips();
}

package io.lakesync.sync;

import io.lakesync.extract.SkipReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far a sync has made its rows durable: every upserted object up to {@code lastPath} (in path
 * order) and every removal are written to the table, with the counts so far. A sync that resumes
 * from it reads, embeds and writes only the objects after {@code lastPath}; the plan it resumes is
 * the same plan, because the table's state (its last synced commit and fingerprint) is only written
 * when the whole sync is.
 *
 * @param sourceCommit the commit the sync brings the table to
 * @param previousCommit the commit the table represented when the sync began
 * @param fingerprint the settings fingerprint of the rows being written
 * @param lastPath the last upserted path whose rows are all written; empty before the first
 * @param counts what the written part of the sync did
 */
public record SyncCheckpoint(
    String sourceCommit,
    String previousCommit,
    String fingerprint,
    String lastPath,
    Counts counts) {

  static final String PREFIX = "lakesync.checkpoint.";
  static final String SOURCE = PREFIX + "source_commit";
  static final String PREVIOUS = PREFIX + "previous_commit";
  static final String FINGERPRINT = PREFIX + "fingerprint";
  static final String LAST_PATH = PREFIX + "last_path";
  static final String SKIPPED = PREFIX + "skipped.";

  /**
   * Counts of a sync, summed over its batches.
   *
   * @param objectsDone upserted objects whose rows are written (added, updated or skipped)
   */
  public record Counts(
      int objectsDone,
      int added,
      int updated,
      int deleted,
      Map<SkipReason, Integer> skipped,
      int chunks,
      int modelCalls,
      int reused,
      int imageModelCalls,
      int imagesReused) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0);

    public Counts {
      skipped = skipped.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(skipped));
    }

    public Counts plus(Counts other) {
      Map<SkipReason, Integer> allSkipped = new EnumMap<>(SkipReason.class);
      allSkipped.putAll(skipped);
      other.skipped.forEach((reason, n) -> allSkipped.merge(reason, n, Integer::sum));
      return new Counts(
          objectsDone + other.objectsDone,
          added + other.added,
          updated + other.updated,
          deleted + other.deleted,
          allSkipped,
          chunks + other.chunks,
          modelCalls + other.modelCalls,
          reused + other.reused,
          imageModelCalls + other.imageModelCalls,
          imagesReused + other.imagesReused);
    }
  }

  /** Whether a sync to {@code source} of rows with {@code fingerprint} may continue from here. */
  public boolean continues(String source, String previous, String rowsFingerprint) {
    return sourceCommit.equals(source)
        && previousCommit.equals(previous)
        && fingerprint.equals(rowsFingerprint);
  }

  /**
   * As commit metadata on the staging branch: a lakeFS commit there makes the checkpoint durable.
   */
  public Map<String, String> asMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SOURCE, sourceCommit);
    metadata.put(PREVIOUS, previousCommit);
    metadata.put(FINGERPRINT, fingerprint);
    metadata.put(LAST_PATH, lastPath);
    metadata.put(PREFIX + "objects_done", Integer.toString(counts.objectsDone()));
    metadata.put(PREFIX + "added", Integer.toString(counts.added()));
    metadata.put(PREFIX + "updated", Integer.toString(counts.updated()));
    metadata.put(PREFIX + "deleted", Integer.toString(counts.deleted()));
    metadata.put(PREFIX + "chunks", Integer.toString(counts.chunks()));
    metadata.put(PREFIX + "model_calls", Integer.toString(counts.modelCalls()));
    metadata.put(PREFIX + "reused", Integer.toString(counts.reused()));
    metadata.put(PREFIX + "image_model_calls", Integer.toString(counts.imageModelCalls()));
    metadata.put(PREFIX + "images_reused", Integer.toString(counts.imagesReused()));
    counts.skipped().forEach((reason, n) -> metadata.put(SKIPPED + reason.name(), n.toString()));
    return metadata;
  }

  /** The checkpoint a commit's metadata records; empty for any other commit. */
  public static Optional<SyncCheckpoint> fromMetadata(Map<String, String> metadata) {
    if (!metadata.containsKey(LAST_PATH) || !metadata.containsKey(SOURCE)) {
      return Optional.empty();
    }
    try {
      Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
      metadata.forEach(
          (key, value) -> {
            if (key.startsWith(SKIPPED)) {
              skipped.put(SkipReason.valueOf(key.substring(SKIPPED.length())), count(value));
            }
          });
      return Optional.of(
          new SyncCheckpoint(
              metadata.get(SOURCE),
              metadata.getOrDefault(PREVIOUS, ""),
              metadata.getOrDefault(FINGERPRINT, ""),
              metadata.get(LAST_PATH),
              new Counts(
                  count(metadata.get(PREFIX + "objects_done")),
                  count(metadata.get(PREFIX + "added")),
                  count(metadata.get(PREFIX + "updated")),
                  count(metadata.get(PREFIX + "deleted")),
                  skipped,
                  count(metadata.get(PREFIX + "chunks")),
                  count(metadata.get(PREFIX + "model_calls")),
                  count(metadata.get(PREFIX + "reused")),
                  count(metadata.get(PREFIX + "image_model_calls")),
                  count(metadata.get(PREFIX + "images_reused")))));
    } catch (IllegalArgumentException unreadable) {
      // Written by another lakesync version, or edited by hand: not a checkpoint to trust.
      return Optional.empty();
    }
  }

  /** Whether the metadata is a checkpoint's (a sync in progress), not a finished sync's. */
  public static boolean isCheckpoint(Map<String, String> metadata) {
    return metadata.containsKey(LAST_PATH);
  }

  private static int count(String value) {
    if (value == null) {
      throw new IllegalArgumentException("missing count");
    }
    return Integer.parseInt(value);
  }
}

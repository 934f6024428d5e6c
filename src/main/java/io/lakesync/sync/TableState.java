package io.lakesync.sync;

import java.util.Map;
import java.util.Optional;

/**
 * What a lakesync table says about itself, read from its config and schema metadata.
 *
 * @param lastSyncedCommit the source commit the table represents
 * @param model stamp of the model that made its vectors
 * @param fingerprint hash of every setting that shapes the rows (model, chunking, scope, table
 *     path, extractor version): when it differs from the configuration's, the next sync rebuilds
 *     the table in full (reusing every vector it can)
 * @param lakesyncVersion the lakesync version that wrote it
 * @param modelRecord how to load the model again when it is the user's own ({@link
 *     io.lakesync.config.ModelRecord}); empty for a bundled model, which its stamp names
 */
public record TableState(
    String lastSyncedCommit,
    String model,
    String fingerprint,
    String lakesyncVersion,
    String modelRecord) {
  public static final String LAST_SYNCED_COMMIT = "lakesync.last_synced_commit";
  public static final String MODEL = "lakesync.model";
  public static final String FINGERPRINT = "lakesync.fingerprint";
  public static final String VERSION = "lakesync.version";
  public static final String MODEL_RECORD = "lakesync.model_files";

  /** The state of a table made by a bundled model. */
  public TableState(
      String lastSyncedCommit, String model, String fingerprint, String lakesyncVersion) {
    this(lastSyncedCommit, model, fingerprint, lakesyncVersion, "");
  }

  public Map<String, String> asMetadata() {
    return Map.of(
        LAST_SYNCED_COMMIT, lastSyncedCommit,
        MODEL, model,
        FINGERPRINT, fingerprint,
        VERSION, lakesyncVersion,
        MODEL_RECORD, modelRecord);
  }

  /** Empty when the table was not written by lakesync (or by a version without this metadata). */
  public static Optional<TableState> fromMetadata(Map<String, String> metadata) {
    String commit = metadata.get(LAST_SYNCED_COMMIT);
    if (commit == null) {
      return Optional.empty();
    }
    return Optional.of(
        new TableState(
            commit,
            metadata.getOrDefault(MODEL, ""),
            metadata.getOrDefault(FINGERPRINT, ""),
            metadata.getOrDefault(VERSION, ""),
            metadata.getOrDefault(MODEL_RECORD, "")));
  }
}

package io.lakesync.publish;

import io.lakesync.sync.SyncResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Commit metadata that says where a table version came from. Keys as constants, in one place. */
public final class Lineage {
  public static final String TABLE = "lakesync.table";
  public static final String SOURCE_COMMIT = "lakesync.source_commit";
  public static final String PREVIOUS_COMMIT = "lakesync.previous_commit";
  public static final String MODEL = "lakesync.model";
  public static final String VERSION = "lakesync.version";
  public static final String ADDED = "lakesync.added";
  public static final String UPDATED = "lakesync.updated";
  public static final String DELETED = "lakesync.deleted";
  public static final String SKIPPED = "lakesync.skipped";
  public static final String CHUNKS = "lakesync.chunks";
  public static final String MODEL_CALLS = "lakesync.model_calls";
  public static final String REUSED = "lakesync.reused";
  public static final String FULL_REBUILD = "lakesync.full_rebuild";
  public static final String SYNC_MILLIS = "lakesync.sync_ms";
  public static final String RESUMED_OBJECTS = "lakesync.resumed_objects";
  public static final String IMAGE_MODEL = "lakesync.image_model";
  public static final String OCR_ENGINE = "lakesync.ocr_engine";
  public static final String IMAGE_MODEL_CALLS = "lakesync.image_model_calls";
  public static final String IMAGES_REUSED = "lakesync.images_reused";

  private Lineage() {}

  public static Map<String, String> of(
      String table, SyncResult result, String model, String version, long syncMillis) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(TABLE, table);
    metadata.put(SOURCE_COMMIT, result.sourceCommit());
    metadata.put(PREVIOUS_COMMIT, result.previousCommit());
    metadata.put(MODEL, model);
    metadata.put(VERSION, version);
    metadata.put(ADDED, Integer.toString(result.added()));
    metadata.put(UPDATED, Integer.toString(result.updated()));
    metadata.put(DELETED, Integer.toString(result.deleted()));
    metadata.put(SKIPPED, Integer.toString(result.skippedTotal()));
    metadata.put(CHUNKS, Integer.toString(result.chunks()));
    metadata.put(MODEL_CALLS, Integer.toString(result.modelCalls()));
    metadata.put(REUSED, Integer.toString(result.reused()));
    metadata.put(FULL_REBUILD, Boolean.toString(result.full()));
    metadata.put(SYNC_MILLIS, Long.toString(syncMillis));
    if (result.resumed().objectsDone() > 0) {
      // Counts above are of the whole sync; this says part of it was written by a run that stopped.
      metadata.put(RESUMED_OBJECTS, Integer.toString(result.resumed().objectsDone()));
    }
    return metadata;
  }

  /** The image side of a table that indexes images: which models made its image rows. */
  public static Map<String, String> images(String imageModel, String ocrEngine, SyncResult result) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(IMAGE_MODEL, imageModel);
    metadata.put(OCR_ENGINE, ocrEngine);
    metadata.put(IMAGE_MODEL_CALLS, Integer.toString(result.imageModelCalls()));
    metadata.put(IMAGES_REUSED, Integer.toString(result.imagesReused()));
    return metadata;
  }
}

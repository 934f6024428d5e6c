package io.lakesync.config;

/**
 * The quality gate's thresholds for one table ({@code tables[i].quality}). Omitted keys get
 * defaults a governance reviewer can live with: PII blocks, 99 % coverage, no orphans.
 *
 * @param pii what to do with PII in chunk texts
 * @param minCoverage share of in-scope objects (not skipped for a recorded reason) with vectors
 * @param reembedSamples chunks re-embedded per audit to prove vectors match their texts
 * @param minReembedCosine the least cosine similarity a re-embedded chunk may have to its vector
 * @param goldenQueries path, in the repository, of a YAML file of queries and expected paths
 * @param goldenK hits per golden query
 * @param minRecall least mean recall@k the golden queries must reach
 * @param maxCentroidShift largest cosine distance between the mean vectors of target and candidate
 * @param maxNormShift largest change of the vector norms' mean, and of their standard deviation
 * @param driftMinRows the target table must have this many rows before drift is judged
 * @param fullAuditRows tables up to this size are audited row by row; larger ones on the rows the
 *     merge changes plus a sample
 * @param sampleRows rows sampled from each side for drift, and from unchanged rows of large tables
 * @param reembedImageSamples images re-read from lakeFS, decoded and run through the image model
 *     per audit to prove their image vectors match the images (fewer than chunks: each costs an
 *     object read, a decode and a CNN pass inside the hook timeout)
 * @param maxRecallDrop when the candidate was made by another model than the served table: how much
 *     lower its golden-query recall may be than the served table's with the old model
 */
public record QualityConfig(
    PiiPolicy pii,
    Double minCoverage,
    Integer reembedSamples,
    Double minReembedCosine,
    String goldenQueries,
    Integer goldenK,
    Double minRecall,
    Double maxCentroidShift,
    Double maxNormShift,
    Integer driftMinRows,
    Long fullAuditRows,
    Integer sampleRows,
    Integer reembedImageSamples,
    Double maxRecallDrop) {

  public static final QualityConfig DEFAULTS =
      new QualityConfig(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  public QualityConfig {
    pii = pii == null ? PiiPolicy.BLOCK : pii;
    minCoverage = minCoverage == null ? 0.99 : minCoverage;
    reembedSamples = reembedSamples == null ? 16 : reembedSamples;
    minReembedCosine = minReembedCosine == null ? 0.999 : minReembedCosine;
    goldenK = goldenK == null ? 10 : goldenK;
    minRecall = minRecall == null ? 0.8 : minRecall;
    maxCentroidShift = maxCentroidShift == null ? 0.15 : maxCentroidShift;
    maxNormShift = maxNormShift == null ? 0.05 : maxNormShift;
    driftMinRows = driftMinRows == null ? 100 : driftMinRows;
    fullAuditRows = fullAuditRows == null ? 100_000L : fullAuditRows;
    sampleRows = sampleRows == null ? 2_000 : sampleRows;
    reembedImageSamples = reembedImageSamples == null ? 4 : reembedImageSamples;
    maxRecallDrop = maxRecallDrop == null ? 0.02 : maxRecallDrop;
  }

  /** Every check, keys relative to the table ({@code quality.min_coverage}, …). */
  public QualityConfig validate() {
    requireShare("min_coverage", minCoverage);
    requireShare("min_reembed_cosine", minReembedCosine);
    requireShare("min_recall", minRecall);
    requireShare("max_centroid_shift", maxCentroidShift);
    requireShare("max_norm_shift", maxNormShift);
    requireShare("max_recall_drop", maxRecallDrop);
    requireAtLeast("reembed_samples", reembedSamples, 0);
    requireAtLeast("reembed_image_samples", reembedImageSamples, 0);
    requireAtLeast("golden_k", goldenK, 1);
    requireAtLeast("drift_min_rows", driftMinRows, 1);
    requireAtLeast("full_audit_rows", fullAuditRows, 0);
    requireAtLeast("sample_rows", sampleRows, 100);
    if (goldenQueries != null && (goldenQueries.startsWith("/") || goldenQueries.isBlank())) {
      throw new ConfigException("quality.golden_queries", "must be a path in the repository");
    }
    return this;
  }

  private static void requireShare(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new ConfigException("quality." + key, "must be between 0 and 1");
    }
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigException("quality." + key, "must be at least " + min);
    }
  }
}

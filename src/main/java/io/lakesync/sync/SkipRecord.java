package io.lakesync.sync;

/**
 * Why an in-scope object has no vectors, as recorded by the sync that last saw it. The checksum
 * ties the record to one version of the object: a record whose checksum no longer matches the data
 * explains nothing, and the quality gate counts that object as not covered.
 */
public record SkipRecord(
    String path, String reason, String detail, String objectChecksum, String sourceCommit) {}

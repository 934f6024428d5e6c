package io.lakesync.sync;

/**
 * A row's identity and provenance without its text or vector: enough to tell which object and
 * object version it came from, which model made it, and whether it changed between two versions of
 * the table.
 */
public record RowKey(
    String id, String path, String objectChecksum, String model, String textSha256) {}

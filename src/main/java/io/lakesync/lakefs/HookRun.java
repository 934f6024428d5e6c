package io.lakesync.lakefs;

/**
 * One hook of an action run.
 *
 * @param hookRunId what lakeFS's hook output is read by
 * @param hookId the hook's {@code id} in the action file, e.g. {@code lakesync_quality_gate}
 */
public record HookRun(String hookRunId, String hookId, boolean failed) {}

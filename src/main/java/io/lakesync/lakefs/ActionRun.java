package io.lakesync.lakefs;

import java.time.Instant;

/**
 * One run of a repository's actions for one event (a pre-merge, a post-commit, …).
 *
 * @param eventType lakeFS's event name, e.g. {@code pre-merge}
 * @param failed whether any of the run's hooks failed
 * @param started by lakeFS's clock, which may differ from this host's
 */
public record ActionRun(String runId, String eventType, boolean failed, Instant started) {}

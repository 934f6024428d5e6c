package io.lakesync.lakefs;

/**
 * Told of every failed lakeFS call, by HTTP status (0: no response), so the service can count them
 * without the lakeFS client knowing about metrics. Statuses that answer a yes/no question (may this
 * caller read the repository?) are answers, not failures, and are not reported.
 */
@FunctionalInterface
public interface LakeFsErrors {
  /** For the CLI: a command's failure is its exit code, not a metric. */
  LakeFsErrors NONE = status -> {};

  void failed(int status);
}

package io.lakesync.lakefs;

/**
 * Which of lakeFS's refusals of a merge are outcomes ({@link MergeResult}) and which stay failures.
 * A 400 means two things: "no changes" is an outcome (the source's changes are already there),
 * while a target with uncommitted changes clears by itself and stays a transient failure.
 */
final class MergeRefusals {
  private MergeRefusals() {}

  /** The outcome {@code failure} stands for; {@code failure} itself when it is none. */
  static MergeResult outcome(LakeFsFailure failure) throws LakeFsFailure {
    if (failure.hookRejected()) {
      return new MergeResult.Rejected(failure.body());
    }
    if (failure.notFound()) {
      return new MergeResult.SourceGone(failure.body());
    }
    if (failure.status() == 400 && failure.body().contains("no changes")) {
      return new MergeResult.NothingToMerge(failure.body());
    }
    throw failure;
  }
}

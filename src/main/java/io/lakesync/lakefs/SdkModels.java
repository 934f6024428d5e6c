package io.lakesync.lakefs;

import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.Ref;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.SourceObject;
import java.time.Instant;

/** The lakeFS SDK's models as lakesync's value types: the one place that reads SDK models. */
final class SdkModels {
  private SdkModels() {}

  static LakeFsCommit commit(Commit commit) {
    return new LakeFsCommit(
        commit.getId(),
        commit.getMessage(),
        commit.getCommitter(),
        Instant.ofEpochSecond(commit.getCreationDate()),
        commit.getMetadata(),
        commit.getParents());
  }

  static BranchRef branch(Ref ref) {
    return new BranchRef(ref.getId(), ref.getCommitId());
  }

  static ActionRun run(io.lakefs.clients.sdk.model.ActionRun run) {
    return new ActionRun(
        run.getRunId(),
        run.getEventType(),
        run.getStatus() == io.lakefs.clients.sdk.model.ActionRun.StatusEnum.FAILED,
        run.getStartTime().toInstant());
  }

  static HookRun hook(io.lakefs.clients.sdk.model.HookRun hook) {
    return new HookRun(
        hook.getHookRunId(),
        hook.getHookId(),
        hook.getStatus() == io.lakefs.clients.sdk.model.HookRun.StatusEnum.FAILED);
  }

  static boolean isObject(ObjectStats stats) {
    return stats.getPathType() == ObjectStats.PathTypeEnum.OBJECT;
  }

  static SourceObject object(ObjectStats stats) {
    long size = stats.getSizeBytes() == null ? 0 : stats.getSizeBytes();
    return new SourceObject(stats.getPath(), stats.getChecksum(), size);
  }

  static boolean isObject(Diff diff) {
    return diff.getPathType() == Diff.PathTypeEnum.OBJECT;
  }

  static ObjectChange change(Diff diff) {
    long size = diff.getSizeBytes() == null ? 0 : diff.getSizeBytes();
    return new ObjectChange(kindOf(diff.getType()), diff.getPath(), size);
  }

  static ObjectChange.Kind kindOf(Diff.TypeEnum type) {
    return switch (type) {
      case ADDED -> ObjectChange.Kind.ADDED;
      case CHANGED -> ObjectChange.Kind.CHANGED;
      case REMOVED -> ObjectChange.Kind.REMOVED;
      // Neither occurs in a two-dot diff without a delimiter; if lakeFS ever sends one, the
      // plan must not guess what it means.
      case CONFLICT, PREFIX_CHANGED ->
          throw new IllegalStateException("unexpected diff entry type in a two-dot diff: " + type);
    };
  }
}

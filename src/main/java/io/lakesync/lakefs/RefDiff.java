package io.lakesync.lakefs;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakesync.sync.ObjectChange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Two-dot diffs between refs, read page by page so a diff of any size costs bounded memory.
 *
 * <p>Two-dot compares the two trees directly ("what is different in {@code to} compared with {@code
 * from}"), which is what a sync needs; three-dot would compare against the merge base.
 */
public final class RefDiff {
  /** lakeFS's largest page. */
  public static final int PAGE_SIZE = 1000;

  private final RefsApi refs;
  private final int pageSize;

  RefDiff(RefsApi refs) {
    this(refs, PAGE_SIZE);
  }

  RefDiff(RefsApi refs, int pageSize) {
    this.refs = refs;
    this.pageSize = pageSize;
  }

  /** Calls {@code sink} for every object that differs, in path order, one page at a time. */
  public void forEachChange(
      String repository, String from, String to, String prefix, Consumer<ObjectChange> sink)
      throws ApiException {
    String after = "";
    boolean more = true;
    while (more) {
      DiffList page =
          refs.diffRefs(repository, from, to)
              .type("two_dot")
              .prefix(prefix)
              .amount(pageSize)
              .after(after)
              .execute();
      page.getResults().stream()
          .filter(d -> d.getPathType() == Diff.PathTypeEnum.OBJECT)
          .map(RefDiff::toChange)
          .forEach(sink);
      more = Boolean.TRUE.equals(page.getPagination().getHasMore());
      after = page.getPagination().getNextOffset();
    }
  }

  /** Every change as a list; for callers that know the diff is small. */
  public List<ObjectChange> changes(String repository, String from, String to, String prefix)
      throws ApiException {
    List<ObjectChange> all = new ArrayList<>();
    forEachChange(repository, from, to, prefix, all::add);
    return all;
  }

  static ObjectChange toChange(Diff diff) {
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

package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.model.Commit;
import io.lakesync.sync.ObjectChange;
import io.lakesync.sync.ObjectChange.Kind;
import io.lakesync.testing.LakeFsExtension;
import io.lakesync.testing.LakeFsTestRepository;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lakeFS behaviour lakesync is built on, checked against the real server. */
@ExtendWith(LakeFsExtension.class)
class LakeFsStackIT {
  private static final String MAIN = LakeFsTestRepository.MAIN;

  @Test
  void commitCarriesMetadataAndObjectsAreReadableAtTheCommitId(LakeFsTestRepository repo)
      throws Exception {
    repo.put(MAIN, "docs/a.md", "# A\nfirst");
    Commit commit = repo.commit(MAIN, "add a", Map.of("source", "test", "lakesync.run", "42"));

    Commit read = repo.sdk().commits().getCommit(repo.name(), commit.getId()).execute();
    assertThat(read.getMessage()).isEqualTo("add a");
    assertThat(read.getMetadata())
        .containsEntry("source", "test")
        .containsEntry("lakesync.run", "42");

    repo.put(MAIN, "docs/a.md", "# A\nsecond");
    repo.commit(MAIN, "edit a", Map.of());
    // The commit ID pins the content; the branch name moves on.
    assertThat(repo.get(commit.getId(), "docs/a.md")).isEqualTo("# A\nfirst");
    assertThat(repo.get(MAIN, "docs/a.md")).isEqualTo("# A\nsecond");
  }

  @Test
  void twoDotDiffReportsAddedChangedAndRemovedAcrossPages(LakeFsTestRepository repo)
      throws Exception {
    for (int i = 0; i < 10; i++) {
      repo.put(MAIN, "docs/base-" + i + ".txt", "base " + i);
    }
    repo.put(MAIN, "other/outside-prefix.txt", "not in docs/");
    String before = repo.commit(MAIN, "base", Map.of()).getId();

    int added = 1_100; // more than one page of 1,000
    putInParallel(repo, IntStream.range(0, added).mapToObj(i -> "docs/new/" + i + ".txt").toList());
    repo.put(MAIN, "docs/base-0.txt", "changed 0");
    repo.put(MAIN, "docs/base-1.txt", "changed 1");
    repo.put(MAIN, "docs/base-2.txt", "changed 2");
    repo.delete(MAIN, "docs/base-8.txt");
    repo.delete(MAIN, "docs/base-9.txt");
    repo.put(MAIN, "other/outside-prefix.txt", "changed, but outside the prefix");
    String after = repo.commit(MAIN, "many changes", Map.of()).getId();

    List<ObjectChange> changes = repo.lakeFs().changes(repo.name(), before, after, "docs/");

    Map<Kind, List<String>> byKind =
        changes.stream()
            .collect(
                Collectors.groupingBy(
                    ObjectChange::kind,
                    Collectors.mapping(ObjectChange::path, Collectors.toList())));
    assertThat(changes).hasSize(added + 5);
    assertThat(byKind.get(Kind.ADDED)).hasSize(added).allMatch(p -> p.startsWith("docs/new/"));
    assertThat(byKind.get(Kind.CHANGED))
        .containsExactlyInAnyOrder("docs/base-0.txt", "docs/base-1.txt", "docs/base-2.txt");
    assertThat(byKind.get(Kind.REMOVED))
        .containsExactlyInAnyOrder("docs/base-8.txt", "docs/base-9.txt");
    assertThat(changes).extracting(ObjectChange::path).doesNotHaveDuplicates();
    // Reversed, the same diff swaps additions and removals.
    assertThat(repo.lakeFs().changes(repo.name(), after, before, "docs/"))
        .filteredOn(c -> c.kind() == Kind.REMOVED)
        .hasSize(added);
  }

  @Test
  void branchCommitAndMergeIntoMain(LakeFsTestRepository repo) throws Exception {
    repo.put(MAIN, "docs/keep.md", "kept");
    repo.commit(MAIN, "base", Map.of());
    repo.createBranch("lakesync-staging", MAIN);
    repo.put("lakesync-staging", "lancedb/table.txt", "staged");
    String staged = repo.commit("lakesync-staging", "stage", Map.of("lakesync", "true")).getId();

    var merge = repo.merge("lakesync-staging", MAIN);

    assertThat(repo.head(MAIN)).isEqualTo(merge.getReference());
    assertThat(repo.get(MAIN, "lancedb/table.txt")).isEqualTo("staged");
    assertThat(repo.get(MAIN, "docs/keep.md")).isEqualTo("kept");
    Commit mergeCommit =
        repo.sdk().commits().getCommit(repo.name(), merge.getReference()).execute();
    assertThat(mergeCommit.getParents()).contains(staged);
  }

  @Test
  void thePortAnswersMergesAndBranchQuestionsInItsOwnTypes(LakeFsTestRepository repo)
      throws Exception {
    LakeFs lakeFs = repo.lakeFs();
    repo.put(MAIN, "docs/a.md", "a");
    String base = repo.commit(MAIN, "base", Map.of()).getId();
    lakeFs.createBranch(repo.name(), "lakesync-docs-x", MAIN);
    lakeFs.createBranch(repo.name(), "lakesync-docs-y", MAIN);
    lakeFs.createBranch(repo.name(), "other", MAIN);

    assertThat(lakeFs.listBranches(repo.name(), "lakesync-docs-"))
        .containsExactly(
            new BranchRef("lakesync-docs-x", base), new BranchRef("lakesync-docs-y", base));
    assertThat(lakeFs.merge(repo.name(), "lakesync-docs-x", MAIN, "nothing", Map.of()))
        .isInstanceOf(MergeResult.NothingToMerge.class);

    repo.put("lakesync-docs-x", "lancedb/t.txt", "t");
    LakeFsCommit staged =
        lakeFs.commit(repo.name(), "lakesync-docs-x", "stage", Map.of("lakesync.table", "docs"));
    assertThat(staged.metadata()).containsEntry("lakesync.table", "docs");
    assertThat(staged.parents()).containsExactly(base);
    MergeResult merged =
        lakeFs.merge(repo.name(), "lakesync-docs-x", MAIN, "merge", staged.metadata());
    assertThat(merged).isInstanceOf(MergeResult.Merged.class);
    assertThat(((MergeResult.Merged) merged).commitId())
        .isEqualTo(lakeFs.branchHead(repo.name(), MAIN));

    assertThat(lakeFs.deleteBranch(repo.name(), "lakesync-docs-x")).isTrue();
    assertThat(lakeFs.deleteBranch(repo.name(), "lakesync-docs-x")).isFalse();
    assertThat(lakeFs.merge(repo.name(), "lakesync-docs-x", MAIN, "gone", Map.of()))
        .isInstanceOf(MergeResult.SourceGone.class);
    assertThat(lakeFs.findCommit(repo.name(), "no-such-ref")).isEmpty();
    assertThat(lakeFs.findCommit(repo.name(), base)).map(LakeFsCommit::id).hasValue(base);
    assertThat(lakeFs.pathLog(repo.name(), MAIN, "docs/a.md", 10))
        .extracting(LakeFsCommit::id)
        .containsExactly(base);
    assertThat(lakeFs.canRead(repo.name())).isTrue();
    assertThat(lakeFs.canRead("no-such-repository")).isFalse();
    assertThat(lakeFs.credentialsValid()).isTrue();
    assertThat(lakeFs.reachable()).isTrue();
  }

  private static void putInParallel(LakeFsTestRepository repo, List<String> paths)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> uploads =
          paths.stream()
              .map(p -> pool.submit(() -> repo.put(MAIN, p, "content of " + p)))
              .collect(Collectors.toList());
      for (Future<?> upload : uploads) {
        upload.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}

package io.lakesync.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource({
    "docs/**, docs/a.md, true",
    "docs/**, docs/a/b/c.md, true",
    "docs/**, docsx/a.md, false",
    "docs/**, other/docs/a.md, false",
    "**/*.md, README.md, true",
    "**/*.md, docs/a/b.md, true",
    "**/*.md, docs/a.mdx, false",
    "*.md, README.md, true",
    "*.md, docs/a.md, false",
    "docs/?.txt, docs/a.txt, true",
    "docs/?.txt, docs/ab.txt, false",
    "docs/*/index.html, docs/x/index.html, true",
    "docs/*/index.html, docs/x/y/index.html, false",
    "**/drafts/**, docs/drafts/a.md, true",
    "**/drafts/**, drafts/a.md, true",
    "data(1)+.csv, data(1)+.csv, true",
    "data(1)+.csv, data11.csv, false",
    "**, anything/at/all, true"
  })
  void matchesLikeGitignore(String glob, String path, boolean expected) {
    assertThat(PathGlob.compile(glob).matches(path)).isEqualTo(expected);
  }

  @Test
  void rejectsAbsoluteAndBlankGlobs() {
    assertThatThrownBy(() -> PathGlob.compile("/docs/**")).hasMessageContaining("leading '/'");
    assertThatThrownBy(() -> PathGlob.compile(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scopeExcludesTheTableItselfAndLakeFsActions() {
    PathScope scope =
        new PathScope(
            List.of("**"),
            List.of("**/drafts/**"),
            List.of("lancedb/docs.lance", "lancedb/docs.skipped.lance"));

    assertThat(scope.contains("docs/a.md")).isTrue();
    assertThat(scope.contains("docs/drafts/a.md")).isFalse();
    assertThat(scope.contains("lancedb/docs.lance/_versions/1.manifest")).isFalse();
    assertThat(scope.contains("_lakefs_actions/lakesync.yaml")).isFalse();
    assertThat(scope.contains("lancedb/other.lance/data/x.lance")).isTrue();
  }

  @Test
  void commonPrefixNarrowsTheDiffOnlyAsFarAsEveryIncludeAllows() {
    assertThat(scope("docs/**").commonPrefix()).isEqualTo("docs/");
    assertThat(scope("docs/guides/**", "docs/faq/*.md").commonPrefix()).isEqualTo("docs/");
    assertThat(scope("docs/a/**", "docs/ab/**").commonPrefix()).isEqualTo("docs/");
    assertThat(scope("docs/**", "**/*.md").commonPrefix()).isEmpty();
    assertThat(scope("docs/readme.md").commonPrefix()).isEqualTo("docs/");
  }

  private static PathScope scope(String... includes) {
    return new PathScope(List.of(includes), List.of(), List.of("lancedb/t.lance"));
  }
}

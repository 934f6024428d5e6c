package io.lakesync.lakefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakefs.clients.sdk.model.Pagination;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {
  private record Page(List<String> results, Pagination pagination) {}

  @Test
  void readsEveryPageFromTheOffsetThePreviousOneGave() throws Exception {
    List<String> asked = new ArrayList<>();
    List<String> seen = new ArrayList<>();

    Pages.each(
        after -> {
          asked.add(after);
          return switch (after) {
            case "" -> new Page(List.of("a", "b"), more("b"));
            case "b" -> new Page(List.of("c", "d"), more("d"));
            default -> new Page(List.of("e"), new Pagination().hasMore(false));
          };
        },
        Page::results,
        Page::pagination,
        seen::add);

    assertThat(asked).containsExactly("", "b", "d");
    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void aPageWithoutHasMoreIsTheLast() throws Exception {
    List<String> seen = new ArrayList<>();

    Pages.each(
        after -> new Page(List.of("only"), new Pagination()),
        Page::results,
        Page::pagination,
        seen::add);

    assertThat(seen).containsExactly("only");
  }

  private static Pagination more(String nextOffset) {
    return new Pagination().hasMore(true).nextOffset(nextOffset);
  }
}

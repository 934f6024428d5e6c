package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakesync.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
  @Test
  void windowsCloseAtTheCountOrTheBytesWhicheverComesFirst() {
    List<Long> sizes = List.of(1L, 1L, 1L, 1L, 1L, 6L, 2L, 2L, 20L, 1L, 1L);

    List<List<Long>> windows = ReadAhead.windows(sizes, 3, 8, Long::longValue);

    assertThat(windows)
        .containsExactly(
            List.of(1L, 1L, 1L), // three items
            List.of(1L, 1L, 6L), // 8 bytes exactly
            List.of(2L, 2L), // the next would pass 8 bytes
            List.of(20L), // larger than a window: on its own
            List.of(1L, 1L));
    assertThat(windows.stream().mapToInt(List::size).sum()).isEqualTo(sizes.size());
  }

  @Test
  void noItemsNoWindows() {
    assertThat(ReadAhead.windows(List.<Long>of(), 8, 100, Long::longValue)).isEmpty();
  }

  @Test
  void readsComeInOrderAndNeverMoreThanTheDepthAhead() throws Exception {
    AtomicInteger started = new AtomicInteger();
    List<Integer> results = new ArrayList<>();
    try (ReadAhead<Integer> reads =
        new ReadAhead<>(
            10,
            2,
            i -> {
              started.incrementAndGet();
              return i * i;
            })) {
      // Before anything is taken, the first two reads run and no more.
      Await.until(Duration.ofSeconds(10), () -> started.get() == 2, () -> started + " reads ran");
      assertThat(started.get()).isLessThanOrEqualTo(2);
      while (reads.hasNext()) {
        results.add(reads.next());
        assertThat(started.get()).isLessThanOrEqualTo(results.size() + 2);
      }
    }
    assertThat(results).containsExactly(0, 1, 4, 9, 16, 25, 36, 49, 64, 81);
  }

  @Test
  void aReadsFailureIsThrownWhereItsResultIsTaken() throws Exception {
    try (ReadAhead<Integer> reads =
        new ReadAhead<>(
            3,
            2,
            i -> {
              if (i == 1) {
                throw new IOException("object 1 unreadable");
              }
              return i;
            })) {
      assertThat(reads.next()).isZero();
      assertThatThrownBy(reads::next)
          .isInstanceOf(IOException.class)
          .hasMessage("object 1 unreadable");
    }
  }
}

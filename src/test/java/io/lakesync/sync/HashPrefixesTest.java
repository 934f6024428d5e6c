package io.lakesync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashPrefixesTest {
  @Test
  void everyAddedHashIsFoundThroughGrowthAndFewOthersAre() {
    HashPrefixes set = new HashPrefixes();
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String hash = Hashing.sha256("chunk " + i);
      set.add(hash);
      added.add(hash);
    }
    set.add(added.get(0));

    assertThat(set.size()).isEqualTo(50_000);
    assertThat(added).allMatch(set::mightContain);
    long falsePositives =
        java.util.stream.IntStream.range(0, 50_000)
            .filter(i -> set.mightContain(Hashing.sha256("other " + i)))
            .count();
    assertThat(falsePositives).isZero();
  }

  @Test
  void anEmptySetContainsNothingAndAnyStringIsAHash() {
    HashPrefixes set = new HashPrefixes();
    assertThat(set.mightContain("")).isFalse();
    set.add("");
    set.add("not hex at all");
    assertThat(set.mightContain("")).isTrue();
    assertThat(set.mightContain("not hex at all")).isTrue();
    assertThat(set.mightContain("not hex")).isFalse();
    assertThat(set.size()).isEqualTo(2);
  }
}

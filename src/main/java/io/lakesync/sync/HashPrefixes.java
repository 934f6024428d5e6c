package io.lakesync.sync;

/**
 * A set of text hashes that answers "maybe" or "no", at 16 bytes a hash: a 64-bit fingerprint of
 * each in an open-addressing table kept at most half full. A sync remembers every chunk text it
 * wrote in one, so that it looks in the table for its own rows only when a chunk may repeat one of
 * them, instead of scanning the table it is growing once per batch. A false "maybe" (two hashes
 * with the same fingerprint) costs one lookup that finds nothing, never a wrong vector.
 */
final class HashPrefixes {
  private static final long EMPTY = 0L;
  private static final int INITIAL_CAPACITY = 1 << 10;

  private long[] slots = new long[INITIAL_CAPACITY];
  private int size;

  /** The fingerprint 0 marks an empty slot, so it is kept apart. */
  private boolean hasZero;

  void add(String hash) {
    long key = fingerprint(hash);
    if (key == EMPTY) {
      if (!hasZero) {
        hasZero = true;
        size++;
      }
      return;
    }
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    if (insert(slots, key)) {
      size++;
    }
  }

  boolean mightContain(String hash) {
    long key = fingerprint(hash);
    if (key == EMPTY) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (slots[i] == key) {
        return true;
      }
      if (slots[i] == EMPTY) {
        return false;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long key : slots) {
      if (key != EMPTY) {
        insert(bigger, key);
      }
    }
    slots = bigger;
  }

  /** True when the key was not there yet. */
  private static boolean insert(long[] table, long key) {
    int mask = table.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (table[i] == key) {
        return false;
      }
      if (table[i] == EMPTY) {
        table[i] = key;
        return true;
      }
    }
  }

  private static int slot(long key, int mask) {
    // Fibonacci hashing spreads fingerprints that share low bits over the table.
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  /**
   * FNV-1a over the characters: a text hash is hex SHA-256 in practice, but nothing here depends on
   * that, so any string works.
   */
  static long fingerprint(String hash) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < hash.length(); i++) {
      h ^= hash.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }
}

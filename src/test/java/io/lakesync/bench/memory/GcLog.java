package io.lakesync.bench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a child JVM's {@code -Xlog:gc,gc+init} file says about its heap: the limit it chose, the
 * most heap in use when a collection started (the peak, give or take one young generation), and the
 * most still in use after a collection (what the program really held).
 */
record GcLog(long maxHeapBytes, long peakBeforeGcBytes, long peakAfterGcBytes, int collections) {
  private static final Pattern MAX = Pattern.compile("Heap Max Capacity: (\\d+)([KMG])");
  private static final Pattern PAUSE =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** The JVM flags that write the log this reads. */
  static String flags(Path file) {
    return "-Xlog:gc,gc+init:file=" + file;
  }

  static GcLog read(Path file) throws IOException {
    long max = 0;
    long before = 0;
    long after = 0;
    int collections = 0;
    for (String line : Files.readAllLines(file)) {
      Matcher m = MAX.matcher(line);
      if (m.find()) {
        max = bytes(m.group(1), m.group(2));
      }
      Matcher p = PAUSE.matcher(line);
      if (p.find()) {
        collections++;
        before = Math.max(before, bytes(p.group(1), p.group(2)));
        after = Math.max(after, bytes(p.group(3), p.group(4)));
      }
    }
    return new GcLog(max, before, after, collections);
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n << 10;
      case "M" -> n << 20;
      default -> n << 30;
    };
  }
}

package io.lakesync.chunk;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Words as tokens: fast and obvious, for tests of chunking logic. */
public final class WhitespaceTokenizer implements Tokenizer {
  private static final Pattern WORD = Pattern.compile("\\S+");

  @Override
  public TokenSpans spans(String text) {
    int[] starts = new int[text.length()];
    int[] ends = new int[text.length()];
    int n = 0;
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      starts[n] = m.start();
      ends[n] = m.end();
      n++;
    }
    return new TokenSpans(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }
}

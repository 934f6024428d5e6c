package io.lakesync.search;

import io.lakesync.http.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a hit's text worth showing, as HTML with the query's words marked: a window around
 * the first marked word, so a long chunk shows why it matched instead of its first lines. Words
 * match on a shared stem of at least four letters ("backups" marks "backup" and "backed" does not),
 * case-insensitively; stop words are never marked.
 */
final class Snippets {
  static final int WINDOW = 320;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
          "how", "i", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "what",
          "when", "where", "which", "who", "why", "with", "you", "my", "we", "get");

  private Snippets() {}

  static String marked(String text, String query) {
    List<String> stems = stems(query);
    String flat = text.replaceAll("\\s+", " ").strip();
    List<int[]> marks = new ArrayList<>();
    Matcher word = WORD.matcher(flat);
    while (word.find()) {
      String lower = word.group().toLowerCase(Locale.ROOT);
      if (!STOP_WORDS.contains(lower) && stems.contains(stem(lower))) {
        marks.add(new int[] {word.start(), word.end()});
      }
    }
    int from = 0;
    if (!marks.isEmpty() && marks.get(0)[0] > WINDOW / 3) {
      from = flat.lastIndexOf(' ', marks.get(0)[0] - WINDOW / 4) + 1;
    }
    int to = Math.min(flat.length(), from + WINDOW);
    if (to < flat.length() && flat.indexOf(' ', to) > 0) {
      to = flat.indexOf(' ', to);
    }
    StringBuilder html = new StringBuilder(from > 0 ? "… " : "");
    int at = from;
    for (int[] mark : marks) {
      if (mark[0] < from || mark[1] > to) {
        continue;
      }
      html.append(Html.escape(flat.substring(at, mark[0])))
          .append("<mark>")
          .append(Html.escape(flat.substring(mark[0], mark[1])))
          .append("</mark>");
      at = mark[1];
    }
    html.append(Html.escape(flat.substring(at, to)));
    return to < flat.length() ? html.append(" …").toString() : html.toString();
  }

  private static List<String> stems(String query) {
    List<String> stems = new ArrayList<>();
    Matcher word = WORD.matcher(query.toLowerCase(Locale.ROOT));
    while (word.find()) {
      if (!STOP_WORDS.contains(word.group())) {
        stems.add(stem(word.group()));
      }
    }
    return stems;
  }

  /** A crude English stem, enough to mark plurals and verb forms: never shorter than 4 letters. */
  static String stem(String word) {
    for (String suffix : List.of("ing", "ies", "es", "ed", "s")) {
      if (word.endsWith(suffix) && word.length() - suffix.length() >= 4) {
        return word.substring(0, word.length() - suffix.length());
      }
    }
    return word;
  }
}

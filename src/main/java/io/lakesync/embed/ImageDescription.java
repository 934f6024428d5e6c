package io.lakesync.embed;

import io.lakesync.extract.StructuredText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The text an image is found by in text search: a sentence from its ImageNet labels and the text
 * OCR reads in it, embedded with the text model like any document. This is a bridge, not CLIP: it
 * finds what ImageNet has names for and what is written in the image, nothing else.
 *
 * <p>Only the labels and the OCR text go in, never the path: renaming or moving an image gives the
 * same text, so its vectors are reused with no model call.
 *
 * <p>With OCR text, the labels sentence is the <em>title</em> and the OCR paragraphs are the
 * blocks: the chunker puts the title before every chunk as its context, so each chunk of a long OCR
 * text (a scanned page) carries "A photo of …", while the chunk texts, and so snippets and {@code
 * explain} offsets, are exactly what is written in the image. (A heading would do the same for
 * later chunks but put the sentence into the first chunk's text.) Without OCR text the sentence is
 * the only block, under the title {@value #NO_LABELS}: repeating the sentence as its own context
 * moved the vector measurably (cosine 0.95 to the sentence alone; "a cat" 0.69 → 0.63), the generic
 * title did not ("a cat" 0.70). Either way the text is titled, so the sync engine's file-name
 * fallback title never applies.
 *
 * <p>Labels: those with probability at least {@value #MIN_PROBABILITY}, at most {@value
 * #MAX_LABELS}, most probable first. A top label of at least {@value #CONFIDENT} is stated ("A
 * photo of a tabby cat, or possibly a tiger cat or an Egyptian cat."), a less probable one hedged
 * ("A photo that may show an envelope or a packet."). With no label at the floor the sentence is
 * just {@value #NO_LABELS}, so a scan whose best ImageNet guess is "envelope 0.08" reads as its OCR
 * text and not as a photo of an envelope. A sentence rather than a bare list because it reads well
 * as a snippet and can hedge; with MiniLM both embed about equally ("a cat" 0.69 vs 0.67, "a cup of
 * coffee" 0.59 vs 0.64). Probabilities are not written out: with them "a cat" dropped to 0.61 and
 * "invoice 4711" rose from 0.07 to 0.16 (numbers match numbers).
 */
public final class ImageDescription {
  /** Labels less probable than this are left out (ImageNet's 1000 classes spread thin). */
  static final float MIN_PROBABILITY = 0.1f;

  /** A top label at least this probable is stated rather than hedged. */
  static final float CONFIDENT = 0.5f;

  /** More alternatives than this only dilute the sentence. */
  static final int MAX_LABELS = 3;

  /**
   * The sentence when no label reaches {@link #MIN_PROBABILITY}, and the title of an image without
   * OCR text.
   */
  public static final String NO_LABELS = "An image.";

  private ImageDescription() {}

  /** The labels as one sentence (see the class comment); the list's order does not matter. */
  public static String labelsSentence(List<ImageEmbedding.Label> labels) {
    List<ImageEmbedding.Label> kept =
        labels.stream()
            .filter(l -> l.probability() >= MIN_PROBABILITY && !l.name().isBlank())
            .sorted(Comparator.comparingDouble(ImageEmbedding.Label::probability).reversed())
            .limit(MAX_LABELS)
            .toList();
    if (kept.isEmpty()) {
      return NO_LABELS;
    }
    List<String> names = kept.stream().map(l -> withArticle(l.name().strip())).toList();
    if (kept.get(0).probability() >= CONFIDENT) {
      String sentence = "A photo of " + names.get(0);
      return names.size() == 1
          ? sentence + "."
          : sentence + ", or possibly " + alternatives(names.subList(1, names.size())) + ".";
    }
    return "A photo that may show " + alternatives(names) + ".";
  }

  /**
   * An image's text: the OCR text's paragraphs (separated by blank lines) as blocks under the
   * labels sentence as title; or, when OCR found nothing, the sentence as the only block under the
   * title {@value #NO_LABELS}.
   *
   * @param ocrText the text OCR read (empty or blank when none)
   */
  public static StructuredText describe(List<ImageEmbedding.Label> labels, String ocrText) {
    String sentence = labelsSentence(labels);
    String ocr = ocrText == null ? "" : ocrText.strip();
    return ocr.isEmpty()
        ? StructuredText.plain(sentence).titledIfUntitled(NO_LABELS)
        : StructuredText.plain(ocr).titledIfUntitled(sentence);
  }

  /** "a X", "a X or a Y", "a X, a Y or a Z". */
  private static String alternatives(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    List<String> first = new ArrayList<>(names.subList(0, names.size() - 1));
    return String.join(", ", first) + " or " + names.get(names.size() - 1);
  }

  /**
   * "a"/"an" by the first letter, with the common exceptions among ImageNet's names ("a unicycle",
   * "a European fire salamander"). Plural names ("sunglasses") get a wrong "a"; the model barely
   * notices.
   */
  static String withArticle(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean vowel =
        !lower.isEmpty()
            && "aeiou".indexOf(lower.charAt(0)) >= 0
            && !lower.startsWith("uni")
            && !lower.startsWith("eu")
            && !lower.startsWith("one");
    return (vowel ? "an " : "a ") + name;
  }
}

package io.lakesync.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Turns an object's bytes into the text that is chunked and embedded. The format comes from the
 * extension and is checked against the content (a {@code .txt} that is really a PDF is read as a
 * PDF; binary content is never decoded as text). Text is UTF-8, or the UTF-16 or UTF-32 that a byte
 * order mark names (the mark is not part of the text). Nothing here throws for bad content: every
 * object without text comes back as {@link Extraction.Skipped} with its reason.
 *
 * <p>With an {@link ImageDecoder}, images are decoded too: a path with an image extension, or
 * content whose magic bytes name an image, comes back as {@link Extraction.Image}. Without one
 * (images off), images are {@link SkipReason#UNSUPPORTED_TYPE} as any other known format that is
 * not extracted.
 */
public final class TextExtractor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIFF_BYTES = 8192;

  private final long maxObjectBytes;
  private final ImageDecoder images;

  /** Text only: images are skipped as {@link SkipReason#UNSUPPORTED_TYPE}. */
  public TextExtractor(long maxObjectBytes) {
    this(maxObjectBytes, null);
  }

  /**
   * @param images decodes image objects; null turns images off (they are skipped as {@link
   *     SkipReason#UNSUPPORTED_TYPE})
   */
  public TextExtractor(long maxObjectBytes, ImageDecoder images) {
    this.maxObjectBytes = maxObjectBytes;
    this.images = images;
  }

  public Extraction extract(String path, byte[] content) {
    if (content.length > maxObjectBytes) {
      return Extraction.skipped(
          SkipReason.TOO_LARGE, content.length + " bytes > max_object_bytes " + maxObjectBytes);
    }
    if (content.length == 0) {
      return Extraction.skipped(SkipReason.EMPTY, "empty object");
    }
    if (images != null
        && (ImageFormat.isImagePath(path)
            || ImageFormat.isSvgPath(path)
            || ImageFormat.sniff(content).isPresent())) {
      return images.decode(path, content);
    }
    Bom bom = Bom.of(content);
    Format format = sniff(path, content, bom);
    if (format == null) {
      return Format.knownUnsupported(path)
          ? Extraction.skipped(
              SkipReason.UNSUPPORTED_TYPE,
              "." + Format.extension(path) + " files are not extracted")
          : Extraction.skipped(SkipReason.BINARY, "binary content");
    }
    Extraction extraction = format == Format.PDF ? pdf(content) : decoded(format, content, bom);
    if (extraction instanceof Extraction.Text text && text.text().isBlank()) {
      return Extraction.skipped(
          SkipReason.EMPTY, "no text in " + format.name().toLowerCase(Locale.ROOT) + " content");
    }
    return extraction;
  }

  /** The format to read {@code content} as, or null when it is not text lakesync can read. */
  static Format sniff(String path, byte[] content) {
    return sniff(path, content, Bom.of(content));
  }

  private static Format sniff(String path, byte[] content, Bom bom) {
    if (startsWith(content, "%PDF-")) {
      return Format.PDF;
    }
    // UTF-16 and UTF-32 text is full of NUL bytes; with their byte order mark it is text, and a
    // NUL character after decoding marks it binary instead (see decoded).
    if (!bom.wide() && looksBinary(content)) {
      return null;
    }
    Format byExtension = Format.byExtension(path);
    if (byExtension != null && byExtension != Format.PDF) {
      return byExtension;
    }
    if (Format.knownUnsupported(path) || byExtension == Format.PDF) {
      return null;
    }
    int headBytes = Math.min(content.length - bom.length(), 512);
    String head =
        new String(content, bom.length(), headBytes, bom.charset())
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html")
        ? Format.HTML
        : Format.PLAIN;
  }

  private Extraction decoded(Format format, byte[] content, Bom bom) {
    String text;
    try {
      text = strict(bom, content);
    } catch (CharacterCodingException e) {
      return Extraction.skipped(SkipReason.INVALID_ENCODING, "not valid " + bom.charset().name());
    }
    if (bom.wide() && text.chars().limit(SNIFF_BYTES).anyMatch(c -> c == 0)) {
      return Extraction.skipped(SkipReason.BINARY, "binary content");
    }
    return switch (format) {
      case PLAIN -> new Extraction.Text(text, format);
      case MARKDOWN -> new Extraction.Text(MarkdownBlocks.parse(text), format);
      case HTML -> new Extraction.Text(HtmlBlocks.parse(text), format);
      case JSON -> json(text);
      case CSV -> csv(text);
      case PDF -> throw new IllegalStateException("PDF is binary");
    };
  }

  /** String values, one per line, in document order; numbers and keys carry little meaning. */
  private static Extraction json(String text) {
    StringBuilder out = new StringBuilder();
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.VALUE_STRING && !parser.getText().isBlank()) {
          out.append(parser.getText()).append('\n');
        }
      }
    } catch (JsonProcessingException e) {
      return Extraction.skipped(SkipReason.UNREADABLE, "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return Extraction.skipped(SkipReason.UNREADABLE, "invalid JSON: " + e.getMessage());
    }
    return new Extraction.Text(out.toString(), Format.JSON);
  }

  /** One line per record, fields joined by " | ", the header row included. */
  private static Extraction csv(String text) {
    StringBuilder out = new StringBuilder();
    try {
      for (CSVRecord record : CSVFormat.RFC4180.parse(new StringReader(text))) {
        out.append(String.join(" | ", record.toList())).append('\n');
      }
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      return Extraction.skipped(SkipReason.UNREADABLE, "invalid CSV: " + e.getMessage());
    }
    return new Extraction.Text(out.toString(), Format.CSV);
  }

  private static Extraction pdf(byte[] content) {
    try (PDDocument document = Loader.loadPDF(content)) {
      return new Extraction.Text(new PDFTextStripper().getText(document), Format.PDF);
    } catch (InvalidPasswordException e) {
      return Extraction.skipped(SkipReason.UNREADABLE, "encrypted PDF");
    } catch (IOException | RuntimeException e) {
      return Extraction.skipped(SkipReason.UNREADABLE, "unreadable PDF: " + e.getMessage());
    }
  }

  /**
   * The text after the byte order mark; malformed input (an odd byte count, a lone surrogate)
   * throws.
   */
  private static String strict(Bom bom, byte[] content) throws CharacterCodingException {
    return bom.charset()
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(content, bom.length(), content.length - bom.length()))
        .toString();
  }

  /** NUL bytes do not occur in text files; they are the classic binary marker. */
  private static boolean looksBinary(byte[] content) {
    int end = Math.min(content.length, SNIFF_BYTES);
    for (int i = 0; i < end; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * A byte order mark and the encoding it names; {@link #NONE} (read as UTF-8) without one. UTF-32
   * LE is checked before UTF-16 LE, whose mark is its prefix.
   */
  enum Bom {
    UTF_32LE(Charset.forName("UTF-32LE"), 0xFF, 0xFE, 0x00, 0x00),
    UTF_32BE(Charset.forName("UTF-32BE"), 0x00, 0x00, 0xFE, 0xFF),
    UTF_8(StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF),
    UTF_16LE(StandardCharsets.UTF_16LE, 0xFF, 0xFE),
    UTF_16BE(StandardCharsets.UTF_16BE, 0xFE, 0xFF),
    NONE(StandardCharsets.UTF_8);

    private final Charset charset;
    private final int[] mark;

    Bom(Charset charset, int... mark) {
      this.charset = charset;
      this.mark = mark;
    }

    static Bom of(byte[] content) {
      // NONE, last, has an empty mark: it matches when no other does.
      return Arrays.stream(values()).filter(bom -> bom.markedOn(content)).findFirst().orElseThrow();
    }

    private boolean markedOn(byte[] content) {
      if (content.length < mark.length) {
        return false;
      }
      for (int i = 0; i < mark.length; i++) {
        if ((content[i] & 0xFF) != mark[i]) {
          return false;
        }
      }
      return true;
    }

    Charset charset() {
      return charset;
    }

    int length() {
      return mark.length;
    }

    /** UTF-16 or UTF-32: NUL bytes are part of the text. */
    boolean wide() {
      return this != NONE && this != UTF_8;
    }
  }

  private static boolean startsWith(byte[] content, String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (content.length < m.length) {
      return false;
    }
    for (int i = 0; i < m.length; i++) {
      if (content[i] != m[i]) {
        return false;
      }
    }
    return true;
  }
}

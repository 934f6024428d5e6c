package io.lakesync.extract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;

/**
 * Turns an object's bytes into the text that is chunked and embedded. The format comes from the
 * extension and is checked against the content (a {@code .txt} that is really a PDF is read as a
 * PDF; binary content is never decoded as text). Nothing here throws for bad content: every object
 * without text comes back as {@link Extraction.Skipped} with its reason.
 */
public final class TextExtractor {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIFF_BYTES = 8192;

  private final long maxObjectBytes;

  public TextExtractor(long maxObjectBytes) {
    this.maxObjectBytes = maxObjectBytes;
  }

  public Extraction extract(String path, byte[] content) {
    if (content.length > maxObjectBytes) {
      return Extraction.skipped(
          SkipReason.TOO_LARGE, content.length + " bytes > max_object_bytes " + maxObjectBytes);
    }
    if (content.length == 0) {
      return Extraction.skipped(SkipReason.EMPTY, "empty object");
    }
    Format format = sniff(path, content);
    if (format == null) {
      return Format.knownUnsupported(path)
          ? Extraction.skipped(
              SkipReason.UNSUPPORTED_TYPE,
              "." + Format.extension(path) + " files are not extracted")
          : Extraction.skipped(SkipReason.BINARY, "binary content");
    }
    Extraction extraction = format == Format.PDF ? pdf(content) : decoded(format, content);
    if (extraction instanceof Extraction.Text text && text.text().isBlank()) {
      return Extraction.skipped(
          SkipReason.EMPTY, "no text in " + format.name().toLowerCase(Locale.ROOT) + " content");
    }
    return extraction;
  }

  /** The format to read {@code content} as, or null when it is not text lakesync can read. */
  static Format sniff(String path, byte[] content) {
    if (startsWith(content, "%PDF-")) {
      return Format.PDF;
    }
    if (looksBinary(content)) {
      return null;
    }
    Format byExtension = Format.byExtension(path);
    if (byExtension != null && byExtension != Format.PDF) {
      return byExtension;
    }
    if (Format.knownUnsupported(path) || byExtension == Format.PDF) {
      return null;
    }
    String head =
        new String(content, 0, Math.min(content.length, 512), StandardCharsets.UTF_8)
            .stripLeading()
            .toLowerCase(Locale.ROOT);
    return head.startsWith("<!doctype html") || head.startsWith("<html")
        ? Format.HTML
        : Format.PLAIN;
  }

  private Extraction decoded(Format format, byte[] content) {
    String text;
    try {
      text = strictUtf8(content);
    } catch (CharacterCodingException e) {
      return Extraction.skipped(SkipReason.INVALID_ENCODING, "not valid UTF-8");
    }
    return switch (format) {
      case PLAIN, MARKDOWN -> new Extraction.Text(text, format);
      case HTML -> new Extraction.Text(html(text), format);
      case JSON -> json(text);
      case CSV -> csv(text);
      case PDF -> throw new IllegalStateException("PDF is binary");
    };
  }

  /** Visible text only: jsoup drops scripts, styles and markup. */
  private static String html(String html) {
    return Jsoup.parse(html).body().wholeText().strip();
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

  private static String strictUtf8(byte[] content) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(content))
            .toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
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

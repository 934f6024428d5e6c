package io.lakesync.extract;

import io.lakesync.util.DaemonThreads;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the text in an image with the Tesseract command-line tool ({@code tesseract}, Debian's
 * {@code tesseract-ocr} plus a language pack such as {@code tesseract-ocr-eng}).
 *
 * <p>Why a subprocess and not a JNA/JNI binding (tess4j): crash isolation. A native crash or a
 * pathological image kills one {@code tesseract} process, not the JVM with the Kafka Streams
 * service in it; the timeout can kill a run that hangs, which a native call on a JVM thread cannot
 * be made to stop; and there is no binding whose version must match the installed native library.
 * Start-up is cheap next to recognition: on one thread of a 2-core machine an image without text
 * takes ≈ 0.13 s end to end (start, load the English model, find nothing), a 1200x900 screenshot ≈
 * 0.65 s, a 150-dpi A4 page of text ≈ 3 s.
 *
 * <p>Each run gets the image as PNG on stdin ({@code tesseract stdin stdout -l eng tsv}) and {@code
 * OMP_THREAD_LIMIT=1}: lakesync runs images in parallel, so Tesseract's own OpenMP threads would
 * only oversubscribe the cores. Stdout and stderr are drained on helper threads so a full pipe can
 * never block the process; on timeout the process and its descendants are killed.
 *
 * <p>The output is TSV, one row per recognised word with its confidence (0–100), not plain text:
 * words below {@value #MIN_CONFIDENCE} are dropped and the rest reassembled into lines and
 * paragraphs. Clean print scores ≈ 90 and more; what Tesseract "reads" in photos, noise and
 * textures scores far lower, and those fragments ("ee", "|", "=~") would otherwise end up in the
 * row text and its embedding. It costs nothing: the same single recognition pass produces both.
 *
 * <p>Thread-safe; every {@link #read} starts its own process.
 */
public final class TesseractOcr implements Ocr {
  private static final Logger LOG = LoggerFactory.getLogger(TesseractOcr.class);

  /** Words Tesseract is less sure of than this (out of 100) are dropped as likely garbage. */
  static final float MIN_CONFIDENCE = 60;

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
  private static final int STDERR_TAIL = 2000;
  private static final Pattern VERSION = Pattern.compile("(?m)^\\s*tesseract\\s+v?(\\d[^\\s]*)");
  private static final ExecutorService PIPES =
      Executors.newCachedThreadPool(DaemonThreads.named("tesseract-pipes"));

  private final String command;
  private final String languages;
  private final String version;
  private final Duration timeout;

  TesseractOcr(String command, String languages, String version, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the OCR timeout must be positive, got " + timeout);
    }
    this.command = command;
    this.languages = languages;
    this.version = version;
    this.timeout = timeout;
  }

  /**
   * Tesseract as {@code command} (a name on the PATH or a path), when it runs, reports a version,
   * and has every one of {@code languages} ({@code +}-separated, as {@code -l} takes them); empty
   * otherwise, with the reason logged. The caller decides whether that is fatal.
   *
   * @param timeout how long one image may take before its process is killed
   */
  public static Optional<TesseractOcr> find(String command, String languages, Duration timeout) {
    Optional<String> versionOutput = probe(command, "--version");
    Optional<String> version = versionOutput.flatMap(TesseractOcr::parseVersion);
    if (version.isEmpty()) {
      LOG.info(
          "OCR off: '{} --version' {}",
          command,
          versionOutput.isEmpty() ? "did not run" : "printed no Tesseract version");
      return Optional.empty();
    }
    List<String> installed =
        probe(command, "--list-langs").map(TesseractOcr::parseLanguages).orElse(List.of());
    List<String> missing =
        Arrays.stream(languages.split("\\+")).filter(l -> !installed.contains(l)).toList();
    if (!missing.isEmpty()) {
      LOG.info(
          "OCR off: Tesseract {} lacks the language(s) {} (has {}); install tesseract-ocr-<lang>",
          version.get(),
          missing,
          installed);
      return Optional.empty();
    }
    return Optional.of(new TesseractOcr(command, languages, version.get(), timeout));
  }

  /** Which OCR made a text, for lineage: {@code tesseract-5.3.0+eng}. */
  @Override
  public String stamp() {
    return "tesseract-" + version + "+" + languages;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * The text in {@code image}, normalised; empty when it shows none. Never throws for an image:
   * anything that goes wrong is a {@link OcrResult.Failed}.
   */
  @Override
  public OcrResult read(BufferedImage image) {
    byte[] png;
    try {
      png = png(image);
    } catch (IOException | RuntimeException e) {
      return new OcrResult.Failed(OcrResult.Reason.ENCODE, String.valueOf(e.getMessage()));
    }
    ProcessBuilder builder = new ProcessBuilder(command, "stdin", "stdout", "-l", languages, "tsv");
    builder.environment().put("OMP_THREAD_LIMIT", "1");
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new OcrResult.Failed(OcrResult.Reason.IO, "cannot start " + command + ": " + e);
    }
    CompletableFuture<byte[]> out = drain(process.getInputStream(), Integer.MAX_VALUE);
    CompletableFuture<byte[]> err = drain(process.getErrorStream(), STDERR_TAIL);
    // A process that dies early breaks the pipe; its exit status tells more than the write error.
    CompletableFuture.runAsync(() -> feed(process.getOutputStream(), png), PIPES);
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(process);
        return new OcrResult.Failed(
            OcrResult.Reason.TIMEOUT,
            "killed after "
                + timeout.toMillis()
                + " ms ("
                + image.getWidth()
                + "x"
                + image.getHeight()
                + ")");
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return new OcrResult.Failed(OcrResult.Reason.IO, "interrupted");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String stdout = text(out);
    if (process.exitValue() != 0) {
      return new OcrResult.Failed(
          OcrResult.Reason.EXIT, "exit " + process.exitValue() + ": " + text(err).strip());
    }
    return new OcrResult.Read(normalise(fromTsv(stdout, MIN_CONFIDENCE)), took);
  }

  /**
   * Tesseract's TSV reassembled: the words of at least {@code minConfidence}, a space between
   * words, a newline between lines, a blank line between paragraphs.
   */
  static String fromTsv(String tsv, float minConfidence) {
    StringBuilder text = new StringBuilder();
    String paragraph = null;
    String line = null;
    for (String row : tsv.split("\n")) {
      String[] c = row.split("\t", -1);
      // level page block par line word left top width height conf text
      if (c.length < 12 || !c[0].equals("5")) {
        continue;
      }
      String word = c[11].strip();
      float conf;
      try {
        conf = Float.parseFloat(c[10]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (word.isEmpty() || conf < minConfidence) {
        continue;
      }
      String thisParagraph = c[1] + "/" + c[2] + "/" + c[3];
      String thisLine = thisParagraph + "/" + c[4];
      if (paragraph != null && !paragraph.equals(thisParagraph)) {
        text.append("\n\n");
      } else if (line != null && !line.equals(thisLine)) {
        text.append('\n');
      } else if (line != null) {
        text.append(' ');
      }
      text.append(word);
      paragraph = thisParagraph;
      line = thisLine;
    }
    return text.toString();
  }

  /**
   * Lines trimmed and their whitespace runs collapsed, lines without a letter or digit dropped,
   * runs of blank lines collapsed to one (a paragraph break), no blank lines at either end.
   */
  static String normalise(String text) {
    List<String> lines = new ArrayList<>();
    boolean blank = false;
    for (String raw : text.split("\\R", -1)) {
      String line = raw.strip().replaceAll("\\s+", " ");
      if (line.isEmpty()) {
        blank = !lines.isEmpty();
      } else if (line.codePoints().anyMatch(Character::isLetterOrDigit)) {
        if (blank) {
          lines.add("");
          blank = false;
        }
        lines.add(line);
      }
    }
    return String.join("\n", lines);
  }

  /** The version from {@code tesseract --version}'s first line ({@code tesseract 5.3.0}). */
  static Optional<String> parseVersion(String output) {
    Matcher m = VERSION.matcher(output);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The languages {@code --list-langs} lists, after its header line. */
  static List<String> parseLanguages(String output) {
    return output
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("List of") && !l.contains(" "))
        .toList();
  }

  /** Stdout and stderr together of a quick {@code command argument}, or empty if it fails. */
  private static Optional<String> probe(String command, String argument) {
    try {
      Process process = new ProcessBuilder(command, argument).redirectErrorStream(true).start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> out = drain(process.getInputStream(), 64 * 1024);
      if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return Optional.empty();
      }
      return process.exitValue() == 0 ? Optional.of(text(out)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The image as PNG, flattened over white first (Tesseract ignores alpha): the decoder's own
   * conversion, so OCR sees what the image model sees.
   */
  private static byte[] png(BufferedImage image) throws IOException {
    BufferedImage plain = ImageDecoder.onWhite(image);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(plain, "png", bytes)) {
      throw new IOException("no PNG writer for this image");
    }
    return bytes.toByteArray();
  }

  private static void feed(OutputStream stdin, byte[] png) {
    try (stdin) {
      stdin.write(png);
    } catch (IOException e) {
      // Broken pipe: the process exited or was killed; its exit status is the answer.
    }
  }

  /** All of {@code in} (or its last {@code keep} bytes), read on a helper thread. */
  private static CompletableFuture<byte[]> drain(InputStream in, int keep) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
              all.write(buffer, 0, n);
            }
            byte[] bytes = all.toByteArray();
            return bytes.length <= keep
                ? bytes
                : Arrays.copyOfRange(bytes, bytes.length - keep, bytes.length);
          } catch (IOException e) {
            return new byte[0];
          }
        },
        PIPES);
  }

  private static String text(CompletableFuture<byte[]> drained) {
    try {
      return new String(
          drained.get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Kills the process and everything it started, and waits until it is gone. */
  private static void kill(Process process) {
    // Descendants first: once the parent is dead they are re-parented and no longer listed.
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

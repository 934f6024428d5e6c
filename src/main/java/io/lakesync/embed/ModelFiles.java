package io.lakesync.embed;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.ModelSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A model's files on local disk, because ONNX Runtime and the tokenizer load from files: a bundled
 * model's are copied from the classpath, a model from files is used where it is. Copies are written
 * to a temporary name and moved into place, so two processes sharing the directory, or a crash
 * mid-copy, never leave a truncated model behind.
 */
public final class ModelFiles {
  static final String MODEL_FILE = "model.onnx";
  static final String TOKENIZER_FILE = "tokenizer.json";

  private final Path onnx;
  private final Path tokenizer;

  private ModelFiles(Path onnx, Path tokenizer) {
    this.onnx = onnx;
    this.tokenizer = tokenizer;
  }

  private ModelFiles(Path directory) {
    this(directory.resolve(MODEL_FILE), directory.resolve(TOKENIZER_FILE));
  }

  /**
   * The model's files, checked against its checksum: bytes that are not the model's (a corrupted
   * cache, a file replaced under a mounted volume) are refused, never embedded with under its
   * stamp.
   */
  public static ModelFiles materialize(EmbeddingModel model, Path cacheRoot) {
    ModelFiles files;
    if (model.files() instanceof ModelSource.Bundled bundled) {
      files =
          unpack(
              model.stamp(),
              Map.of(
                  MODEL_FILE, bundled.onnxResource(),
                  TOKENIZER_FILE, bundled.tokenizerResource()),
              cacheRoot);
    } else {
      ModelSource.Files local = (ModelSource.Files) model.files();
      files = new ModelFiles(local.onnx(), local.tokenizer());
    }
    if (!model.sha256().isEmpty()) {
      String actual = files.sha256();
      if (!actual.equals(model.sha256())) {
        throw new IllegalStateException(
            "the files of model "
                + model.stamp()
                + " ("
                + model.files().origin()
                + ") have sha256 "
                + actual
                + ", expected "
                + model.sha256()
                + ": refusing to embed with other bytes");
      }
    }
    return files;
  }

  /** The SHA-256 of the ONNX graph's bytes followed by the tokenizer's. */
  public String sha256() {
    try {
      return sha256(onnx, tokenizer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model files " + onnx + ", " + tokenizer, e);
    }
  }

  /**
   * Unpacks classpath resources (file name → resource) into {@code <cacheRoot>/<stamp>}, where a
   * file of the resource's size already counts as unpacked.
   */
  static ModelFiles unpack(String stamp, Map<String, String> resources, Path cacheRoot) {
    Path dir = cacheRoot.resolve(stamp);
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> file : resources.entrySet()) {
        copyIfMissing(file.getValue(), dir.resolve(file.getKey()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack model " + stamp + " into " + dir, e);
    }
    return new ModelFiles(dir);
  }

  public Path onnx() {
    return onnx;
  }

  public Path tokenizer() {
    return tokenizer;
  }

  private static void copyIfMissing(String resource, Path target) throws IOException {
    URL url = ModelFiles.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IOException(
          "model resource '" + resource + "' is not on the classpath (is the model artifact?)");
    }
    URLConnection connection = url.openConnection();
    long expectedSize = connection.getContentLengthLong();
    if (Files.isRegularFile(target) && Files.size(target) == expectedSize) {
      return;
    }
    Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The hex SHA-256 of the files' bytes, one after the other: a model's identity by content. */
  public static String sha256(Path... files) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
    for (Path file : files) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Moves a fully written temporary file over {@code target} atomically where the file system can,
   * so a reader never sees half a model.
   */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

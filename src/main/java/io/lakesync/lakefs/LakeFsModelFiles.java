package io.lakesync.lakefs;

import io.lakesync.embed.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Model files a configuration names by {@code lakefs://<repository>/<ref>/<path>}, copied through
 * the S3 gateway into a local directory (ONNX Runtime loads from files); local paths pass through.
 * Each start reads them again: the model's stamp comes from their content, so a ref that moved is
 * noticed, never mixed.
 */
public final class LakeFsModelFiles {
  private static final Pattern URI = Pattern.compile("lakefs://([^/]+)/([^/]+)/(.+)");

  private final S3Client s3;
  private final Path directory;

  public LakeFsModelFiles(S3Client s3, Path directory) {
    this.s3 = s3;
    // Normalised, or a cache root given as ./cache would fail the containment check below.
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The local file for {@code location}: the path itself, or the lakeFS object's copy. */
  public Path resolve(String location) {
    Matcher uri = URI.matcher(location);
    if (!uri.matches()) {
      return Path.of(location);
    }
    String repository = uri.group(1);
    String ref = uri.group(2);
    String path = uri.group(3);
    Path target = directory.resolve(repository).resolve(ref).resolve(path).normalize();
    if (!target.startsWith(directory)) {
      throw new IllegalArgumentException("model path leaves the model directory: " + location);
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(repository).key(ref + "/" + path))) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        ModelFiles.moveIntoPlace(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + location + " to " + target, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read " + location + " from lakeFS: " + e.getMessage(), e);
    }
    return target;
  }
}

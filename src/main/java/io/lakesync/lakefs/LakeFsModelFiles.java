package io.lakesync.lakefs;

import io.lakesync.config.ConfigException;
import io.lakesync.embed.ModelFileSource;
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
 * The ref is resolved to its commit first and the object read at that commit: the copy is kept
 * under the commit's ID, where its content can never change, so a restart reuses it, a ref that
 * moved is read again, and the rows can name the commit their model came from.
 */
public final class LakeFsModelFiles implements ModelFileSource {
  private static final Pattern URI = Pattern.compile("lakefs://([^/]+)/([^/]+)/(.+)");

  private final S3Client s3;
  private final LakeFs lakeFs;
  private final Path directory;

  public LakeFsModelFiles(S3Client s3, LakeFs lakeFs, Path directory) {
    this.s3 = s3;
    this.lakeFs = lakeFs;
    // Normalised, or a cache root given as ./cache would fail the containment check below.
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** The local file for {@code location}: the path itself, or the lakeFS object's copy. */
  public Path resolve(String location) {
    return fetch(location).path();
  }

  @Override
  public Fetched fetch(String location) {
    Matcher uri = URI.matcher(location);
    if (!uri.matches()) {
      return ModelFileSource.LOCAL.fetch(location);
    }
    String repository = uri.group(1);
    String path = uri.group(3);
    String commit = commitOf(repository, uri.group(2), location);
    Path target = directory.resolve(repository).resolve(commit).resolve(path).normalize();
    if (!target.startsWith(directory.resolve(repository).resolve(commit))) {
      throw new IllegalArgumentException("model path leaves the model directory: " + location);
    }
    String origin = "lakefs://" + repository + "/" + commit + "/" + path;
    if (Files.isRegularFile(target)) {
      return new Fetched(target, origin);
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(repository).key(commit + "/" + path))) {
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
    return new Fetched(target, origin);
  }

  private String commitOf(String repository, String ref, String location) {
    try {
      return lakeFs
          .findCommit(repository, ref)
          .orElseThrow(
              () ->
                  new ConfigException(
                      "model_files", location + ": no ref " + ref + " in repository " + repository))
          .id();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + location + " in lakeFS", e);
    }
  }
}

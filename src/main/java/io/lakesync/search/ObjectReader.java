package io.lakesync.search;

import io.lakesync.config.LakeFsSettings;
import io.lakesync.lakefs.S3Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads one object's bytes at a ref, as one lakeFS user: the query image of an image search and the
 * originals of thumbnails. Over HTTP it is always the caller's key pair, so nobody reads an image
 * lakeFS would not show them.
 */
@FunctionalInterface
public interface ObjectReader {
  /** Objects larger than this are refused unread: a query image or a thumbnail's original. */
  long MAX_BYTES = 64L * 1024 * 1024;

  /** The object's bytes, or empty when there is no such object at the ref. */
  Optional<byte[]> read(String repository, String ref, String path)
      throws IOException, SearchException;

  /** Reads through lakeFS's S3 gateway with {@code settings}' key pair, a client per read. */
  static ObjectReader gateway(LakeFsSettings settings) {
    return (repository, ref, path) -> {
      try (S3Client s3 = S3Gateway.client(settings);
          ResponseInputStream<GetObjectResponse> in =
              s3.getObject(b -> b.bucket(repository).key(ref + "/" + path))) {
        Long length = in.response().contentLength();
        if (length != null && length > MAX_BYTES) {
          throw new SearchException(
              "the image " + path + " is " + length + " bytes, more than " + MAX_BYTES);
        }
        return Optional.of(readAtMost(in, MAX_BYTES, path));
      } catch (NoSuchKeyException e) {
        return Optional.empty();
      } catch (SdkException e) {
        throw new IOException("reading " + path + " at " + ref + " failed: " + e.getMessage(), e);
      }
    };
  }

  private static byte[] readAtMost(InputStream in, long max, String path)
      throws IOException, SearchException {
    byte[] bytes = in.readNBytes((int) max + 1);
    if (bytes.length > max) {
      throw new SearchException("the image " + path + " is more than " + max + " bytes");
    }
    return bytes;
  }
}

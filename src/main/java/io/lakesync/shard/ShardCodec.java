package io.lakesync.shard;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.lance.FragmentMetadata;

/**
 * Shards and results as JSON. Lance's fragment metadata travels in the form Lance's Java API gives
 * it (a serializable object, as its distributed-write examples pass it between processes), base64
 * inside the JSON: only lakesync instances of one version exchange it, for the minutes a sync
 * lasts.
 */
public final class ShardCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ShardCodec() {}

  public static byte[] shard(Shard shard) {
    return write(shard);
  }

  public static Shard shard(byte[] json) throws IOException {
    return JSON.readValue(json, Shard.class);
  }

  public static byte[] result(ShardResult result) {
    return write(result);
  }

  public static ShardResult result(byte[] json) throws IOException {
    return JSON.readValue(json, ShardResult.class);
  }

  public static String fragment(FragmentMetadata fragment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(fragment);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  public static FragmentMetadata fragment(String encoded) throws IOException {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      return (FragmentMetadata) in.readObject();
    } catch (ClassNotFoundException | ClassCastException | IllegalArgumentException e) {
      throw new IOException("not a Lance fragment of this version: " + e.getMessage(), e);
    }
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

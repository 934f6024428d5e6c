package io.lakesync.bench;

import io.lakesync.sync.EmbeddingRow;
import io.lakesync.table.EmbeddingSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of the big-table benchmark: {@value #CHUNKS} chunks per object, each chunk's text a
 * function of (object, chunk, generation), and a deterministic fast stand-in for a 384-dimension
 * model. Its vectors lie around 256 fixed centres, so an IVF index trains on clustered data as it
 * would on real embeddings (uniform noise is the worst case for IVF and HNSW alike).
 */
final class BigTableRows {
  static final int DIMENSION = 384;
  static final int CHUNKS = 10;
  static final String MODEL = "fast-stand-in-384@1";
  private static final float[][] CENTRES = centres();

  private BigTableRows() {}

  static String path(int object) {
    return "docs/d" + (object % 1000) + "/object-" + object + ".md";
  }

  /** The rows of one object in one generation (0: as first written). */
  static List<EmbeddingRow> object(int object, int generation, String commit) {
    List<EmbeddingRow> rows = new ArrayList<>(CHUNKS);
    String path = path(object);
    int offset = 0;
    for (int chunk = 0; chunk < CHUNKS; chunk++) {
      // Even chunks keep their text across generations: a changed object reuses half its vectors.
      String text = text(object, chunk, chunk % 2 == 0 ? 0 : generation);
      String context = "Object " + object + " > Section " + chunk;
      String hash = sha256(context + "\n" + text);
      rows.add(
          new EmbeddingRow(
              EmbeddingRow.idOf(path, chunk),
              path,
              chunk,
              offset,
              offset + text.length(),
              text,
              context,
              hash,
              "checksum-" + object + "-" + generation,
              commit,
              MODEL,
              vector(hash),
              null));
      offset += text.length() + 1;
    }
    return rows;
  }

  private static String text(int object, int chunk, int generation) {
    Random random = new Random(object * 31L + chunk + generation * 1_000_003L);
    return Benchmarks.sentence(random, 30 + random.nextInt(30));
  }

  /** A unit vector near one of 256 centres, chosen and perturbed by the text's hash. */
  static float[] vector(String hash) {
    SplittableRandom random =
        new SplittableRandom(Long.parseUnsignedLong(hash.substring(0, 15), 16));
    float[] centre = CENTRES[random.nextInt(CENTRES.length)];
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int d = 0; d < DIMENSION; d++) {
      v[d] = centre[d] + 0.35f * (float) (random.nextDouble() - 0.5);
      norm += v[d] * v[d];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < DIMENSION; d++) {
      v[d] *= scale;
    }
    return v;
  }

  private static float[][] centres() {
    SplittableRandom random = new SplittableRandom(42);
    float[][] centres = new float[256][DIMENSION];
    for (float[] centre : centres) {
      for (int d = 0; d < DIMENSION; d++) {
        centre[d] = (float) (random.nextDouble() - 0.5);
      }
    }
    return centres;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Objects {@code 0 … objects-1} in generation 0 as a stream of batches, so a table of a million
   * rows is written in one commit (as one backfill would) without holding it in memory.
   */
  static final class Stream extends ArrowReader {
    private static final int OBJECTS_PER_BATCH = 1_000;
    private final int objects;
    private int next;

    Stream(BufferAllocator allocator, int objects) {
      super(allocator);
      this.objects = objects;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (next >= objects) {
        return false;
      }
      prepareLoadNextBatch();
      int end = Math.min(objects, next + OBJECTS_PER_BATCH);
      List<EmbeddingRow> rows = new ArrayList<>((end - next) * CHUNKS);
      for (int o = next; o < end; o++) {
        rows.addAll(object(o, 0, "seed"));
      }
      try (VectorSchemaRoot root = EmbeddingSchema.toArrow(rows, DIMENSION, allocator);
          ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
        loadRecordBatch(batch);
      }
      next = end;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return EmbeddingSchema.schema(DIMENSION);
    }
  }
}

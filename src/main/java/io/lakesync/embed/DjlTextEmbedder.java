package io.lakesync.embed;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.lakesync.chunk.TokenSpans;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.util.DaemonThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sentence embeddings with DJL on ONNX Runtime: tokenize, run the transformer, mean-pool over real
 * tokens, L2-normalise (the sentence-transformers recipe for MiniLM).
 *
 * <p>Inputs are tokenized once, sorted by length and cut into batches padded only to the longest
 * member, because padding is pure waste on CPU (most tokens of a mixed batch are padding
 * otherwise). Pooling runs in plain Java: DJL's ONNX Runtime arrays support almost no tensor
 * operations without a second engine, and one pass over the output buffer is cheap.
 *
 * <p>Batches run on {@code threads} cores at once, each batch on one core (one ONNX Runtime session
 * with one intra-op thread, a predictor per worker). Splitting each operator of one batch over the
 * cores instead (ONNX Runtime's default) makes every operator wait for its slowest thread: on a
 * busy node a preempted thread stalls the others, and two intra-op threads ran slower than one
 * (docs/benchmarks.md, "embedding threads"). Batches are cut the same way for any number of
 * threads, so a text's vector does not depend on it.
 *
 * <p>One {@link #embed} call runs at a time ({@code synchronized}): a call already uses every
 * worker.
 */
public final class DjlTextEmbedder implements TextEmbedder {
  static final String ENGINE = DjlSettings.ENGINE;
  public static final int DEFAULT_BATCH_SIZE = 8;

  /** Overrides the number of embedding threads (default: the cores the JVM may use). */
  public static final String THREADS_ENV = "LAKESYNC_EMBEDDING_THREADS";

  static {
    DjlSettings.offline();
  }

  private final EmbeddingModel model;
  private final int batchSize;
  private final HuggingFaceTokenizer truncating;
  private final HuggingFaceTokenizer counting;
  private final ZooModel<NDList, NDList> onnx;
  private final List<Predictor<NDList, NDList>> predictors = new ArrayList<>();
  private final ExecutorService workers;

  private DjlTextEmbedder(
      EmbeddingModel model,
      int batchSize,
      int threads,
      HuggingFaceTokenizer truncating,
      HuggingFaceTokenizer counting,
      ZooModel<NDList, NDList> onnx) {
    this.model = model;
    this.batchSize = batchSize;
    this.truncating = truncating;
    this.counting = counting;
    this.onnx = onnx;
    for (int i = 0; i < threads; i++) {
      predictors.add(onnx.newPredictor());
    }
    this.workers =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(threads, DaemonThreads.named("lakesync-embed"));
  }

  /**
   * The model on the device this process embeds on ({@link EmbeddingDevice#selected()}): on a GPU
   * one worker feeds it batches of {@value EmbeddingDevice#GPU_BATCH_SIZE}; on the CPU each core
   * runs batches of {@value #DEFAULT_BATCH_SIZE}.
   */
  public static DjlTextEmbedder load(EmbeddingModel model, Path modelCache) {
    EmbeddingDevice device = EmbeddingDevice.selected();
    return device == EmbeddingDevice.GPU
        ? load(model, modelCache, EmbeddingDevice.GPU_BATCH_SIZE, 1, device)
        : load(model, modelCache, DEFAULT_BATCH_SIZE, EmbeddingThreads.fromEnvironment(), device);
  }

  /**
   * @param batchSize texts per model call; 1 for a model whose vectors depend on their batch
   *     ({@link EmbeddingModel#batchDependent()}), whatever is asked
   */
  public static DjlTextEmbedder load(
      EmbeddingModel model, Path modelCache, int batchSize, int threads) {
    return load(model, modelCache, batchSize, threads, EmbeddingDevice.CPU);
  }

  /** As above, on {@code device}. */
  public static DjlTextEmbedder load(
      EmbeddingModel model, Path modelCache, int batchSize, int threads, EmbeddingDevice device) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("embedding threads must be at least 1");
    }
    // Must come before anything else touches ONNX Runtime, or DJL cannot set its thread pool.
    Engine.getEngine(ENGINE);
    ModelFiles files = ModelFiles.materialize(model, modelCache);
    try {
      return new DjlTextEmbedder(
          model,
          model.batchDependent() ? 1 : batchSize,
          threads,
          tokenizer(files.tokenizer(), true, model.maxTokens()),
          tokenizer(files.tokenizer(), false, model.maxTokens()),
          DjlSettings.loadOnnx(files.onnx(), threads == 1 ? 0 : 1, device));
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new IllegalStateException("cannot load embedding model " + model.stamp(), e);
    }
  }

  /**
   * Truncation and padding are set explicitly: the tokenizer.json shipped with MiniLM pads every
   * input to a fixed 128 tokens and truncates there, which would silently drop text.
   */
  private static HuggingFaceTokenizer tokenizer(Path file, boolean truncate, int maxTokens)
      throws IOException {
    HuggingFaceTokenizer.Builder builder =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(file)
            .optPadding(false)
            .optAddSpecialTokens(true)
            .optTruncation(truncate);
    if (truncate) {
      builder.optMaxLength(maxTokens);
    } else {
      // Counting must see the full text; the length limit only applies when truncating.
      builder.optMaxLength(1 << 20);
    }
    return builder.build();
  }

  @Override
  public EmbeddingModel model() {
    return model;
  }

  @Override
  public int countTokens(String text) {
    return counting.encode(text).getIds().length;
  }

  /**
   * Longest text the tokenizer is given in one call when measuring spans. The Rust tokenizer keeps
   * per-byte alignments and a record per token for its whole input: a 4 MB text took 577 MB of
   * native memory and a 15 MB file would take about 2.2 GB, which killed a sync in a 2 GiB pod
   * before it embedded anything. Slices of 64 K characters take a few megabytes, whatever the size
   * of the document.
   */
  static final int SPAN_SLICE_CHARS = 65_536;

  @Override
  public TokenSpans spans(String text) {
    return spans(text, SPAN_SLICE_CHARS);
  }

  /**
   * Token spans of {@code text}, tokenized a slice of at most about {@code sliceChars} at a time.
   * Slices end after a space, tab or line break: the BERT pre-tokenizer splits there, so no token
   * crosses the cut and the spans are those of the whole text. Only a slice without any such
   * character (a 64 K-character word) is cut where it must be, and may split one token in two.
   */
  TokenSpans spans(String text, int sliceChars) {
    if (text.length() <= sliceChars) {
      return spansOf(text, 0);
    }
    List<TokenSpans> slices = new ArrayList<>();
    int total = 0;
    for (int from = 0; from < text.length(); ) {
      int to = sliceEnd(text, from, sliceChars);
      TokenSpans slice = spansOf(text.substring(from, to), from);
      slices.add(slice);
      total += slice.count();
      from = to;
    }
    int[] starts = new int[total];
    int[] ends = new int[total];
    int n = 0;
    for (TokenSpans slice : slices) {
      for (int i = 0; i < slice.count(); i++, n++) {
        starts[n] = slice.start(i);
        ends[n] = slice.end(i);
      }
    }
    return new TokenSpans(starts, ends);
  }

  /** Where the slice starting at {@code from} ends: after its last space, tab or line break. */
  private static int sliceEnd(String text, int from, int sliceChars) {
    int limit = from + sliceChars;
    if (limit >= text.length()) {
      return text.length();
    }
    for (int at = limit - 1; at > from; at--) {
      char c = text.charAt(at);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        return at + 1;
      }
    }
    // No break at all: cut anyway, but never between the two halves of a surrogate pair.
    return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
  }

  /** The spans of {@code text} in one tokenizer call, shifted by {@code offset}. */
  private TokenSpans spansOf(String text, int offset) {
    Encoding encoding = counting.encode(text);
    CharSpan[] chars = encoding.getCharTokenSpans();
    long[] special = encoding.getSpecialTokenMask();
    int[] starts = new int[chars.length];
    int[] ends = new int[chars.length];
    int[] utf16 = utf16Offsets(text);
    int n = 0;
    for (int i = 0; i < chars.length; i++) {
      if (special[i] == 0 && chars[i] != null) {
        starts[n] = offset + utf16[chars[i].getStart()];
        ends[n] = offset + utf16[chars[i].getEnd()];
        n++;
      }
    }
    return new TokenSpans(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }

  /**
   * The tokenizer (Rust) reports spans in code points; Java strings count UTF-16 code units, in
   * which a character outside the Basic Multilingual Plane (an emoji) takes two. Read as UTF-16,
   * every span after such a character would be off by one per character, and a chunk could end
   * between the two halves of an emoji. Entry {@code i} is the UTF-16 offset of code point {@code
   * i}; the last entry is the text's length.
   */
  static int[] utf16Offsets(String text) {
    int[] offsets = new int[text.codePointCount(0, text.length()) + 1];
    int at = 0;
    for (int i = 0; i < offsets.length - 1; i++) {
      offsets[i] = at;
      at += Character.charCount(text.codePointAt(at));
    }
    offsets[offsets.length - 1] = text.length();
    return offsets;
  }

  @Override
  public synchronized List<float[]> embed(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    Encoding[] encodings = truncating.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));

    float[][] vectors = new float[texts.size()][];
    int batches = (order.length + batchSize - 1) / batchSize;
    AtomicInteger next = new AtomicInteger();
    // Each worker takes the next batch until none is left: long batches do not hold up a worker
    // that drew short ones.
    IntConsumer work =
        worker -> {
          for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
            int start = b * batchSize;
            int end = Math.min(order.length, start + batchSize);
            List<Encoding> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
              batch.add(encodings[order[i]]);
            }
            List<float[]> batchVectors = embedBatch(predictors.get(worker), batch);
            for (int i = start; i < end; i++) {
              vectors[order[i]] = batchVectors.get(i - start);
            }
          }
        };
    if (workers == null || batches == 1) {
      work.accept(0);
    } else {
      runOnWorkers(work, Math.min(batches, predictors.size()));
    }
    return Arrays.asList(vectors);
  }

  private void runOnWorkers(IntConsumer work, int count) {
    List<Future<?>> running = new ArrayList<>(count);
    for (int w = 0; w < count; w++) {
      int worker = w;
      running.add(workers.submit(() -> work.accept(worker)));
    }
    RuntimeException failure = null;
    // Wait for every worker, even after one failed: none may still write into the vectors or use
    // a predictor when the next call starts.
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new IllegalStateException("embedding failed with model " + model.stamp(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.forEach(f -> f.cancel(true));
        throw new IllegalStateException("interrupted while embedding", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private List<float[]> embedBatch(Predictor<NDList, NDList> predictor, List<Encoding> batch) {
    int rows = batch.size();
    int width = batch.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    long[] types = new long[rows * width];
    for (int r = 0; r < rows; r++) {
      Encoding e = batch.get(r);
      System.arraycopy(e.getIds(), 0, ids, r * width, e.getIds().length);
      System.arraycopy(e.getAttentionMask(), 0, mask, r * width, e.getAttentionMask().length);
      System.arraycopy(e.getTypeIds(), 0, types, r * width, e.getTypeIds().length);
    }
    try (NDManager manager = onnx.getNDManager().newSubManager()) {
      Shape shape = new Shape(rows, width);
      NDList inputs =
          new NDList(
              named(manager.create(ids, shape), "input_ids"),
              named(manager.create(mask, shape), "attention_mask"),
              named(manager.create(types, shape), "token_type_ids"));
      NDArray hidden = predictor.predict(inputs).get(0);
      return Pooling.pooledNormalized(
          model.pooling(), hidden.toFloatArray(), mask, rows, width, model.dimension());
    } catch (TranslateException e) {
      throw new IllegalStateException("embedding failed with model " + model.stamp(), e);
    }
  }

  private static NDArray named(NDArray array, String name) {
    array.setName(name);
    return array;
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
    predictors.forEach(Predictor::close);
    onnx.close();
    truncating.close();
    counting.close();
  }
}

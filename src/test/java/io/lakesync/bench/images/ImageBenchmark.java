package io.lakesync.bench.images;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakesyncConfig;
import io.lakesync.config.TableConfig;
import io.lakesync.embed.DjlImageEmbedder;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.ImageDescription;
import io.lakesync.embed.ImageEmbedding;
import io.lakesync.embed.RawOrtImageModel;
import io.lakesync.extract.Extraction;
import io.lakesync.extract.ImageDecoder;
import io.lakesync.extract.TesseractOcr;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.sync.InMemoryVectorStore;
import io.lakesync.sync.SourceObject;
import io.lakesync.sync.SyncEngine;
import io.lakesync.sync.SyncResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Images through lakesync's sync (issue 15): (i1) images/s end to end through {@link SyncEngine} ÷
 * the image model alone through raw ONNX Runtime on already preprocessed tensors, same images, same
 * batch size, interleaved; (i2) where one image's time goes, stage by stage; (i3) peak heap while
 * 1,000 12-megapixel JPEGs go through one sync, against decoding one window of them whole.
 */
public final class ImageBenchmark {
  private static final int ROUNDS = 5;
  private static final int OCR_ROUNDS = 3;
  private static final int OCR_SUBSET = 16;
  private static final int SET = 48;
  private static final int CAMERA_PHOTOS = 1000;

  private ImageBenchmark() {}

  public static void run(Path modelCache) throws Exception {
    Path root = Path.of("target", "bench-images");
    long t0 = System.nanoTime();
    Path web = PhotoSet.ensure(root.resolve("web-1024x768"), SET, SET, 1024, 768);
    Path camera = PhotoSet.ensure(root.resolve("camera-4000x3000"), CAMERA_PHOTOS, 25, 4000, 3000);
    System.out.printf(
        Locale.ROOT,
        "(i) images: photo sets ready in %.0f s (%s)%n",
        (System.nanoTime() - t0) / 1e9,
        root);
    DjlImageEmbedder.bundled(modelCache).close(); // unpacks the model where raw ORT reads it
    TesseractOcr tesseract =
        TesseractOcr.find("tesseract", "eng", Duration.ofSeconds(60))
            .orElseThrow(() -> new IllegalStateException("the image bench needs tesseract + eng"));
    try (DjlTextEmbedder text = DjlTextEmbedder.load(EmbeddingModel.ALL_MINILM_L6_V2, modelCache);
        ImageIndexing images = ImageIndexing.bundled(modelCache);
        RawOrtImageModel raw =
            new RawOrtImageModel(modelCache, DjlImageEmbedder.DEFAULT_BATCH_SIZE);
        DjlImageEmbedder model = DjlImageEmbedder.bundled(modelCache)) {
      System.out.printf(
          Locale.ROOT,
          "(i1) images/s end to end through SyncEngine (read, decode, [OCR,] image model,"
              + " description, text embedding, rows) ÷ raw ORT on preprocessed tensors, batch %d%n",
          DjlImageEmbedder.DEFAULT_BATCH_SIZE);
      // -Dbench.images=stages (or any of throughput, stages, heap) runs some of them.
      List<String> parts =
          List.of(System.getProperty("bench.images", "throughput,stages,heap").split(","));
      for (Path set : parts.contains("throughput") ? List.of(web, camera) : List.<Path>of()) {
        throughput(set, SET, ROUNDS, "off", text, images, raw);
        throughput(set, OCR_SUBSET, OCR_ROUNDS, "on", text, images, raw);
      }
      for (Path set : parts.contains("stages") ? List.of(web, camera) : List.<Path>of()) {
        stages(set, text, model, tesseract);
      }
      if (parts.contains("heap")) {
        heap(camera, text, images);
      }
    }
  }

  /** End to end through a fresh engine and store each round ÷ raw ORT, interleaved. */
  static void throughput(
      Path set,
      int count,
      int rounds,
      String ocr,
      DjlTextEmbedder text,
      ImageIndexing images,
      RawOrtImageModel raw)
      throws Exception {
    DirectorySource source = new DirectorySource(set, count);
    float[] tensors = RawOrtImageModel.tensors(decodeAll(source));
    TableConfig table = table(ocr);
    sync(table, source, text, images); // warm-up: loads the models, starts the OCR engine
    raw.run(tensors);
    rawPipeline(source, raw);
    double[] engine = new double[rounds];
    double[] ort = new double[rounds];
    double[] pipeline = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      sync(table, source, text, images);
      long t1 = System.nanoTime();
      raw.run(tensors);
      long t2 = System.nanoTime();
      rawPipeline(source, raw);
      long t3 = System.nanoTime();
      engine[round] = count / ((t1 - t0) / 1e9);
      ort[round] = count / ((t2 - t1) / 1e9);
      pipeline[round] = count / ((t3 - t2) / 1e9);
    }
    double e = median(engine);
    double o = median(ort);
    double p = median(pipeline);
    System.out.printf(
        Locale.ROOT,
        "    %-18s %2d images, OCR %-3s: lakesync %6.2f/s   raw ORT from the same JPEGs %6.2f/s"
            + " (ratio %.2f)   raw ORT on ready tensors %6.2f/s (ratio %.2f)   (median of %d)%n",
        set.getParent().getFileName(),
        count,
        ocr,
        e,
        p,
        e / p,
        o,
        e / o,
        rounds);
  }

  /**
   * The same images through ONNX Runtime with nothing of lakesync around it, as a plain script
   * would: read the JPEG, decode it whole with ImageIO, preprocess (the same resize and crop), run
   * the model in batches of the same size.
   */
  static float rawPipeline(DirectorySource source, RawOrtImageModel raw) throws Exception {
    List<SourceObject> objects = source.list("c1", "");
    float sink = 0;
    // A batch at a time, as a script that does not hold every decoded photo would.
    for (int start = 0; start < objects.size(); start += DjlImageEmbedder.DEFAULT_BATCH_SIZE) {
      List<BufferedImage> decoded = new ArrayList<>();
      for (SourceObject object :
          objects.subList(
              start, Math.min(objects.size(), start + DjlImageEmbedder.DEFAULT_BATCH_SIZE))) {
        decoded.add(
            javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(source.read("c1", object.path()))));
      }
      sink += raw.run(RawOrtImageModel.tensors(decoded));
    }
    return sink;
  }

  /** One thread, stage by stage over a set: what each image costs where. */
  static void stages(Path set, DjlTextEmbedder text, DjlImageEmbedder model, TesseractOcr ocr)
      throws Exception {
    DirectorySource source = new DirectorySource(set, SET);
    ImageDecoder decoder = new ImageDecoder();
    List<SourceObject> objects = source.list("c1", "");
    double read = 0;
    double decode = 0;
    double ocrTime = 0;
    double preprocess = 0;
    double modelTime = 0;
    double textTime = 0;
    int ocrCount = 0;
    for (int start = 0; start < objects.size(); start += DjlImageEmbedder.DEFAULT_BATCH_SIZE) {
      List<BufferedImage> batch = new ArrayList<>();
      List<String> ocrTexts = new ArrayList<>();
      for (SourceObject object :
          objects.subList(
              start, Math.min(objects.size(), start + DjlImageEmbedder.DEFAULT_BATCH_SIZE))) {
        long t0 = System.nanoTime();
        byte[] bytes = source.read("c1", object.path());
        long t1 = System.nanoTime();
        BufferedImage image = ((Extraction.Image) decoder.decode(object.path(), bytes)).image();
        long t2 = System.nanoTime();
        read += (t1 - t0) / 1e9;
        decode += (t2 - t1) / 1e9;
        batch.add(image);
        if (ocrCount < OCR_SUBSET) {
          long t3 = System.nanoTime();
          ocrTexts.add(ocr.read(image).textOrEmpty());
          ocrTime += (System.nanoTime() - t3) / 1e9;
          ocrCount++;
        } else {
          ocrTexts.add("");
        }
      }
      long t0 = System.nanoTime();
      float[] tensors = RawOrtImageModel.tensors(batch);
      long t1 = System.nanoTime();
      List<ImageEmbedding> embedded = model.embed(batch, 5);
      long t2 = System.nanoTime();
      List<String> descriptions = new ArrayList<>();
      for (int i = 0; i < embedded.size(); i++) {
        descriptions.add(
            ImageDescription.labelsSentence(embedded.get(i).labels()) + "\n" + ocrTexts.get(i));
      }
      text.embed(descriptions);
      long t3 = System.nanoTime();
      preprocess += (t1 - t0) / 1e9;
      // DJL's embed preprocesses too: the model's own share is its time less the preprocessing.
      modelTime += ((t2 - t1) - (t1 - t0)) / 1e9;
      textTime += (t3 - t2) / 1e9;
      if (tensors.length == 0) {
        throw new IllegalStateException("no tensors");
      }
    }
    int n = objects.size();
    double ocrPerImage = ocrTime / ocrCount;
    double withoutOcr = read + decode + preprocess + modelTime + textTime;
    double withOcr = withoutOcr + ocrPerImage * n;
    System.out.printf(
        Locale.ROOT,
        "(i2) %s, one thread, ms per image (OCR over %d of %d): read %.1f, decode %.1f,"
            + " OCR %.1f, preprocess %.1f, image model %.1f, text embedding %.1f%n"
            + "     share without OCR: decode %.0f %%, image model %.0f %%;"
            + " with OCR: decode %.0f %%, OCR %.0f %%%n",
        set.getParent().getFileName(),
        ocrCount,
        n,
        1000 * read / n,
        1000 * decode / n,
        1000 * ocrPerImage,
        1000 * preprocess / n,
        1000 * modelTime / n,
        1000 * textTime / n,
        100 * decode / withoutOcr,
        100 * modelTime / withoutOcr,
        100 * decode / withOcr,
        100 * ocrPerImage * n / withOcr);
  }

  /** 1,000 12 MP JPEGs through one sync (OCR off), then one window of them decoded whole. */
  static void heap(Path camera, DjlTextEmbedder text, ImageIndexing images) throws Exception {
    DirectorySource source = new DirectorySource(camera, CAMERA_PHOTOS);
    long bytes = 0;
    for (SourceObject o : source.list("c1", "")) {
      bytes += o.sizeBytes();
    }
    double seconds;
    SyncResult result;
    double peak;
    double live;
    long fullGcs;
    try (HeapWatch watch = new HeapWatch()) {
      long t0 = System.nanoTime();
      result = sync(table("off"), source, text, images);
      seconds = (System.nanoTime() - t0) / 1e9;
      peak = watch.peakMiB();
      live = watch.maxAfterGcMiB();
      fullGcs = watch.fullCollections();
    }
    System.out.printf(
        Locale.ROOT,
        "(i3) %d JPEGs of 4000 × 3000 (%.0f MB, %.1f MB each) through one sync, OCR off:"
            + " %.0f s (%.2f images/s), %s%n     peak heap %.0f MiB, most held after a full GC"
            + " %.0f MiB (%d full GCs; max heap %.0f MiB)%n",
        CAMERA_PHOTOS,
        bytes / 1e6,
        bytes / 1e6 / CAMERA_PHOTOS,
        seconds,
        CAMERA_PHOTOS / seconds,
        result.summary(),
        peak,
        live,
        fullGcs,
        Runtime.getRuntime().maxMemory() / 1048576.0);
    // The alternative: ImageIO.read of a whole window, as a fetcher window would hold them.
    List<SourceObject> window = source.list("c1", "").subList(0, 8);
    try (HeapWatch watch = new HeapWatch()) {
      List<BufferedImage> whole = new ArrayList<>();
      for (SourceObject o : window) {
        whole.add(ImageIO.read(new ByteArrayInputStream(source.read("c1", o.path()))));
      }
      long rasterBytes = 0;
      for (BufferedImage image : whole) {
        java.awt.image.DataBuffer data = image.getRaster().getDataBuffer();
        rasterBytes +=
            (long) data.getSize()
                * data.getNumBanks()
                * java.awt.image.DataBuffer.getDataTypeSize(data.getDataType())
                / 8;
      }
      System.out.printf(
          Locale.ROOT,
          "     decoded whole instead: one window of 8 held as %s rasters = %.0f MiB of pixels;"
              + " peak heap %.0f MiB%n",
          whole.get(0).getWidth() + " × " + whole.get(0).getHeight(),
          rasterBytes / 1048576.0,
          watch.peakMiB());
    }
  }

  private static SyncResult sync(
      TableConfig table, DirectorySource source, DjlTextEmbedder text, ImageIndexing images)
      throws Exception {
    SyncResult result =
        new SyncEngine(table, source, new InMemoryVectorStore(), text, images, "bench").sync("c1");
    if (result.imageModelCalls() != source.limit() || result.skippedTotal() != 0) {
      throw new IllegalStateException("unexpected sync: " + result.summary());
    }
    return result;
  }

  private static List<BufferedImage> decodeAll(DirectorySource source) throws Exception {
    ImageDecoder decoder = new ImageDecoder();
    List<BufferedImage> out = new ArrayList<>();
    for (SourceObject o : source.list("c1", "")) {
      out.add(((Extraction.Image) decoder.decode(o.path(), source.read("c1", o.path()))).image());
    }
    return out;
  }

  private static TableConfig table(String ocr) {
    return LakesyncConfig.parse(
            "tables: [{name: photos, repository: bench, branch: main, images: {ocr: " + ocr + "}}]")
        .tables()
        .get(0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

package io.lakesync.app;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.LakeFsSettings;
import io.lakesync.embed.DjlTextEmbedder;
import io.lakesync.embed.TextEmbedder;
import io.lakesync.embed.TextModels;
import io.lakesync.lakefs.LakeFs;
import io.lakesync.lakefs.LakeFsErrors;
import io.lakesync.lakefs.LakeFsModelFiles;
import io.lakesync.lakefs.S3Gateway;
import io.lakesync.lakefs.SdkLakeFs;
import io.lakesync.sync.ImageIndexing;
import io.lakesync.table.TableOpener;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a command talks to, opened from the loaded {@link LakeFsSettings} on first use and closed
 * together: the lakeFS API client, the S3 gateway client, the Arrow allocator and the embedding
 * model. A command asks only for what it needs ({@code init} loads no model), and each is opened
 * once; {@link #close()} closes what was opened, newest first, as try-with-resources would.
 */
final class Connections implements AutoCloseable {
  /** How each connection is opened; tests pass their own. */
  record Openers(
      Function<LakeFsSettings, LakeFs> lakeFs,
      Function<LakeFsSettings, S3Client> s3,
      Supplier<BufferAllocator> allocator,
      Function<EmbeddingModel, TextEmbedder> embedder,
      Function<LakeFsModelFiles, ImageIndexing> images) {
    /** Openers without image models: commands that open them skip images. */
    Openers(
        Function<LakeFsSettings, LakeFs> lakeFs,
        Function<LakeFsSettings, S3Client> s3,
        Supplier<BufferAllocator> allocator,
        Function<EmbeddingModel, TextEmbedder> embedder) {
      this(lakeFs, s3, allocator, embedder, files -> null);
    }

    static Openers real(Path modelCache) {
      return new Openers(
          // A command reports a failure by its exit code: no metric counts lakeFS errors.
          settings -> SdkLakeFs.connect(settings, LakeFsErrors.NONE),
          S3Gateway::client,
          RootAllocator::new,
          model -> DjlTextEmbedder.load(model, modelCache),
          files -> ImageIndexing.bundled(modelCache, files::resolve));
    }
  }

  private final LakeFsSettings settings;
  private final Openers openers;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private final Path modelCache;
  private TextModels models;
  private LakeFsModelFiles modelFiles;
  private LakeFs lakeFs;
  private S3Client s3;
  private BufferAllocator allocator;
  private ImageIndexing images;

  /**
   * Connections to the lakeFS in {@code settings}, with models cached where {@link Caches} says.
   */
  Connections(LakeFsSettings settings) {
    this(settings, Openers.real(Caches.models()), Caches.models());
  }

  Connections(LakeFsSettings settings, Openers openers) {
    this(settings, openers, Caches.models());
  }

  /**
   * @param modelCache where models from lakeFS are copied (under {@code lakefs/})
   */
  Connections(LakeFsSettings settings, Openers openers, Path modelCache) {
    this.settings = settings;
    this.openers = openers;
    this.modelCache = modelCache;
  }

  LakeFsSettings settings() {
    return settings;
  }

  /** The lakeFS client (nothing to close: it holds no connection of its own). */
  LakeFs lakeFs() {
    if (lakeFs == null) {
      lakeFs = openers.lakeFs().apply(settings);
    }
    return lakeFs;
  }

  /** The S3 client for lakeFS's S3 gateway. */
  S3Client s3() {
    if (s3 == null) {
      s3 = opened(openers.s3().apply(settings));
    }
    return s3;
  }

  /** The Arrow allocator that Lance reads and writes through. */
  BufferAllocator allocator() {
    if (allocator == null) {
      allocator = opened(openers.allocator().get());
    }
    return allocator;
  }

  /** The Lance tables on lakeFS, with the vectors of {@code model}; opens the allocator. */
  TableOpener tables(EmbeddingModel model) {
    return new TableOpener(allocator(), settings, model.dimension());
  }

  /**
   * The text models: each table's configured model and the models that made tables, each loaded
   * (seconds) on first use; files of models of the user's own are read from lakeFS on demand.
   */
  TextModels models() {
    if (models == null) {
      models = opened(new TextModels(openers.embedder(), location -> modelFiles().fetch(location)));
    }
    return models;
  }

  /** The embedding model, loaded (seconds) on the first call. */
  TextEmbedder embedder(EmbeddingModel model) {
    return models().embedder(model);
  }

  /** Model files named by lakefs:// URIs, copied next to the unpacked models. */
  private LakeFsModelFiles modelFiles() {
    if (modelFiles == null) {
      modelFiles = new LakeFsModelFiles(s3(), lakeFs(), modelCache.resolve("lakefs"));
    }
    return modelFiles;
  }

  /**
   * The image models (the image model itself loads on the first image); null when the openers have
   * none.
   */
  ImageIndexing images() {
    if (images == null) {
      images = openers.images().apply(modelFiles());
      if (images != null) {
        opened(images);
      }
    }
    return images;
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * Closes what was opened, newest first. Every one is closed even if one fails; the first failure
   * is thrown with the later ones suppressed.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        RuntimeException wrapped =
            e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

package io.lakesync.embed;

import io.lakesync.config.ConfigException;
import io.lakesync.config.EmbeddingModel;
import io.lakesync.config.EmbeddingModels;
import io.lakesync.config.ModelFilesConfig;
import io.lakesync.config.ModelRecord;
import io.lakesync.config.ModelSource;
import io.lakesync.config.TableConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every text model a process uses, each loaded once and shared: the model each table is configured
 * with (the sync's), and the model that made a table at some ref (search answers with the table's
 * own model, and the quality gate compares a model change with the model it replaces). Models are
 * keyed by stamp, that is by content: two tables naming the same files share one model, and a file
 * that changed is another model.
 */
public final class TextModels implements AutoCloseable {
  private final Function<EmbeddingModel, TextEmbedder> loader;
  private final ModelFileSource files;
  private final Map<ModelKey, EmbeddingModel> resolved = new LinkedHashMap<>();
  private final Map<String, TextEmbedder> loaded = new LinkedHashMap<>();

  /** The one model every table uses, when this was made {@link #of} an embedder. */
  private final TextEmbedder only;

  private record ModelKey(String name, ModelFilesConfig files) {}

  /**
   * @param loader loads a model (seconds); called once per stamp
   * @param files reads the files of models of the user's own
   */
  public TextModels(Function<EmbeddingModel, TextEmbedder> loader, ModelFileSource files) {
    this(loader, files, null);
  }

  private TextModels(
      Function<EmbeddingModel, TextEmbedder> loader, ModelFileSource files, TextEmbedder only) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.files = Objects.requireNonNull(files, "files");
    this.only = only;
    if (only != null) {
      loaded.put(only.model().stamp(), only);
    }
  }

  /**
   * One embedder for every table, whatever its configuration names (tests and benchmarks with a
   * model of their own); a table made by another model cannot be read.
   */
  public static TextModels of(TextEmbedder embedder) {
    return new TextModels(
        model -> {
          throw new IllegalArgumentException(
              "model "
                  + model.stamp()
                  + " is not available here: only "
                  + embedder.model().stamp());
        },
        ModelFileSource.LOCAL,
        embedder);
  }

  /**
   * The model {@code table} is configured with. A model of the user's own is read (its lakeFS ref
   * resolved to a commit) and checksummed on the first call, then remembered: the process keeps
   * embedding with the bytes it started with, and a restart picks up a moved ref.
   */
  public synchronized EmbeddingModel model(TableConfig table) {
    if (only != null) {
      return only.model();
    }
    if (table.modelFiles() == null) {
      return table.embeddingModel();
    }
    return model(table.model(), table.modelFiles());
  }

  private EmbeddingModel model(String name, ModelFilesConfig config) {
    return resolved.computeIfAbsent(new ModelKey(name, config), key -> read(name, config));
  }

  private EmbeddingModel read(String name, ModelFilesConfig config) {
    ModelFileSource.Fetched onnx = files.fetch(config.onnx());
    ModelFileSource.Fetched tokenizer = files.fetch(config.tokenizer());
    ModelSource.Files source =
        new ModelSource.Files(onnx.origin(), tokenizer.origin(), onnx.path(), tokenizer.path());
    String sha256;
    try {
      sha256 = ModelFiles.sha256(onnx.path(), tokenizer.path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the files of model " + name, e);
    }
    if (config.sha256() != null && !config.sha256().equals(sha256)) {
      throw new ConfigException(
          "model_files.sha256",
          "the files of model "
              + name
              + " ("
              + source.origin()
              + ") have sha256 "
              + sha256
              + ", but "
              + config.sha256()
              + " is pinned");
    }
    return new EmbeddingModel(
        name,
        config.variant(),
        sha256,
        config.dimension(),
        config.maxTokens(),
        config.pooling(),
        config.queryPrefix(),
        source);
  }

  /** The embedder of the model {@code table} is configured with, loaded on first use. */
  public TextEmbedder embedder(TableConfig table) {
    return embedder(model(table));
  }

  /** The embedder of {@code model}, loaded on first use. */
  public synchronized TextEmbedder embedder(EmbeddingModel model) {
    TextEmbedder embedder = loaded.get(model.stamp());
    if (embedder == null) {
      embedder = loader.apply(model);
      if (!embedder.model().stamp().equals(model.stamp())) {
        TextEmbedder wrong = embedder;
        wrong.close();
        throw new IllegalStateException(
            "model loaded as " + wrong.model().stamp() + ", expected " + model.stamp());
      }
      loaded.put(model.stamp(), embedder);
    }
    return embedder;
  }

  /**
   * The model that made a table, as its state records it (its stamp and model record): a bundled
   * model by its stamp, a model of the user's own by its record (read again at the commit it was
   * read at, and checked against its checksum).
   *
   * @throws IllegalArgumentException when this lakesync cannot load that model (a bundled model of
   *     another version, say)
   */
  public synchronized EmbeddingModel modelOf(String stamp, String modelRecord) {
    TextEmbedder embedder = loaded.get(stamp);
    if (embedder != null) {
      return embedder.model();
    }
    if (!modelRecord.isEmpty()) {
      ModelRecord record = ModelRecord.parse(modelRecord);
      EmbeddingModel model = model(record.name(), record.files());
      if (!model.stamp().equals(stamp)) {
        throw new IllegalArgumentException(
            "the table's model files now read as " + model.stamp() + ", not " + stamp);
      }
      return model;
    }
    return EmbeddingModels.byStamp(stamp)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "model "
                        + stamp
                        + " is not one this lakesync ships (bundled: "
                        + EmbeddingModels.BUNDLED.stream().map(EmbeddingModel::stamp).toList()
                        + ")"));
  }

  /** The embedder of the model that made a table; see {@link #modelOf}. */
  public TextEmbedder embedderOf(String stamp, String modelRecord) {
    return embedder(modelOf(stamp, modelRecord));
  }

  /** Closes every loaded model; the first failure is thrown, later ones suppressed. */
  @Override
  public synchronized void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (TextEmbedder embedder : loaded.values()) {
      try {
        embedder.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    loaded.clear();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}

package io.lakesync.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where a text model's files are: inside a Maven artifact on the classpath, or local files. */
public sealed interface ModelSource {
  /** Provenance, for people: the Maven coordinates, or where the files were read. */
  String origin();

  /**
   * Classpath resources of a model that ships with lakesync.
   *
   * @param origin the Maven coordinates of the artifact holding them
   */
  record Bundled(String origin, String onnxResource, String tokenizerResource)
      implements ModelSource {
    public Bundled {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(onnxResource, "onnxResource");
      Objects.requireNonNull(tokenizerResource, "tokenizerResource");
    }
  }

  /**
   * Files already on this machine: a mounted volume, or lakesync's copy of lakeFS objects.
   *
   * @param onnxOrigin where the ONNX graph was read, a lakeFS ref resolved to its commit ({@code
   *     lakefs://models/3f2a…/e5/model.onnx}), so the same bytes can be found again
   * @param tokenizerOrigin where the tokenizer was read, likewise
   */
  record Files(String onnxOrigin, String tokenizerOrigin, Path onnx, Path tokenizer)
      implements ModelSource {
    public Files {
      Objects.requireNonNull(onnxOrigin, "onnxOrigin");
      Objects.requireNonNull(tokenizerOrigin, "tokenizerOrigin");
      Objects.requireNonNull(onnx, "onnx");
      Objects.requireNonNull(tokenizer, "tokenizer");
    }

    @Override
    public String origin() {
      return onnxOrigin + " + " + tokenizerOrigin;
    }
  }
}

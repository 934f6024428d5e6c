package io.lakesync.testing;

import io.lakesync.config.EmbeddingModel;
import io.lakesync.embed.DjlTextEmbedder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the real all-MiniLM-L6-v2 {@link DjlTextEmbedder}, loaded once per test run from its
 * Maven artifact and closed at the end.
 */
public final class EmbedderExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbedderExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DjlTextEmbedder.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            DjlTextEmbedder.class,
            k ->
                DjlTextEmbedder.load(
                    EmbeddingModel.ALL_MINILM_L6_V2, ProjectDir.buildDir().resolve("it-models")),
            DjlTextEmbedder.class);
  }
}

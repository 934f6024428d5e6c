package io.lakesync.testing;

import io.lakefs.clients.sdk.ApiException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects {@link LakeFsServer} (one real server for the whole test run, stopped at its end) and
 * {@link LakeFsTestRepository} (a fresh repository for each test).
 */
public final class LakeFsExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LakeFsExtension.class);
  private static final AtomicInteger REPOSITORIES = new AtomicInteger();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LakeFsServer.class || type == LakeFsTestRepository.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LakeFsServer server = server(context);
    if (parameter.getParameter().getType() == LakeFsServer.class) {
      return server;
    }
    String name = repositoryName(context);
    try {
      LakeFsTestRepository repository = LakeFsTestRepository.create(server, name);
      context.getStore(NAMESPACE).put(name, repository);
      return repository;
    } catch (ApiException e) {
      throw new ParameterResolutionException(
          "cannot create repository " + name + ": " + e.getCode() + " " + e.getResponseBody(), e);
    }
  }

  static LakeFsServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(LakeFsServer.class, k -> LakeFsServer.start(), LakeFsServer.class);
  }

  /** Readable in lakeFS logs and unique in the run: the test's name plus a counter. */
  private static String repositoryName(ExtensionContext context) {
    String base =
        context
            .getTestMethod()
            .map(m -> m.getName())
            .orElse(context.getDisplayName())
            .replaceAll("([a-z])([A-Z])", "$1-$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return base + "-" + REPOSITORIES.incrementAndGet();
  }
}

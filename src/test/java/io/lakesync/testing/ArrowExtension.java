package io.lakesync.testing;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a fresh Arrow {@link BufferAllocator} into each test and closes it afterwards. Closing a
 * root allocator fails when buffers are still allocated, so every test also checks that the code
 * under test released the native memory it took.
 */
public final class ArrowExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ArrowExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == BufferAllocator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // Stored in the test's own store: JUnit closes it when the test ends.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            BufferAllocator.class, k -> new RootAllocator(), BufferAllocator.class);
  }
}

package io.lakesync.embed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes the network unreachable for Java code in this JVM and records every attempt: all
 * connections (HTTP and plain sockets consult the default {@link ProxySelector}) are sent to a
 * SOCKS proxy on a closed loopback port, so they fail, and the URI is kept for the assertion.
 */
final class NoNetwork implements AutoCloseable {
  private final ProxySelector previous = ProxySelector.getDefault();
  private final List<URI> attempts = new CopyOnWriteArrayList<>();

  NoNetwork() {
    ProxySelector.setDefault(
        new ProxySelector() {
          @Override
          public List<Proxy> select(URI uri) {
            attempts.add(uri);
            return List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 9)));
          }

          @Override
          public void connectFailed(URI uri, SocketAddress address, IOException e) {
            // expected: nothing listens there
          }
        });
  }

  List<URI> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    ProxySelector.setDefault(previous);
  }
}

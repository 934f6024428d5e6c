package io.lakesync.config;

import java.util.Objects;

/**
 * A secret value that never shows up in logs, config dumps or exception messages: {@link
 * #toString()} is redacted, and the value is only reachable through {@link #reveal()}, which makes
 * every place that needs the cleartext easy to find.
 */
public final class Secret {
  private static final String REDACTED = "[hidden]";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The cleartext, for the one call that must send it (an auth header, a storage option). */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}

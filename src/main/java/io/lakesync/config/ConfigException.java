package io.lakesync.config;

/**
 * A setting is missing or invalid. The message always names the setting (environment variable or
 * configuration key) so the operator knows what to fix, and never contains a secret value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}

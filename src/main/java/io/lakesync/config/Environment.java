package io.lakesync.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Read access to environment variables, injectable so that settings can be tested without touching
 * the process environment.
 */
public final class Environment {
  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  public static Environment system() {
    return new Environment(System.getenv());
  }

  public static Environment of(Map<String, String> variables) {
    return new Environment(variables);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  public String require(String name) {
    return get(name).orElseThrow(() -> new ConfigException(name, "is not set"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Environment env && env.variables.equals(variables);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variables);
  }

  @Override
  public String toString() {
    return "Environment[" + variables.size() + " variables]";
  }
}

package io.lakesync.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The configuration file ({@code config/lakesync.yaml} is the documented sample). Loading is
 * strict: an unknown key, a wrong type or an invalid value fails with the key's path, e.g. {@code
 * tables[1].chunk_tokens: must be between 16 and 254}.
 */
public record LakesyncConfig(LakeFsConfig lakefs, ServiceConfig service, List<TableConfig> tables) {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  public LakesyncConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
    service = service == null ? ServiceConfig.DEFAULTS : service;
  }

  /**
   * Whole-file rules. Not in the constructor: Jackson builds a record before it reports the unknown
   * keys it saw, and a misspelt key must be reported as such.
   */
  private LakesyncConfig validated() {
    if (tables.isEmpty()) {
      throw new ConfigException("tables", "at least one table is required");
    }
    for (int i = 0; i < tables.size(); i++) {
      try {
        tables.get(i).validate();
      } catch (ConfigException e) {
        throw new ConfigException(
            "tables[" + i + "]." + e.key(), e.getMessage().substring(e.key().length() + 2));
      }
    }
    Set<String> names = new HashSet<>();
    for (TableConfig table : tables) {
      if (!names.add(table.name())) {
        throw new ConfigException("tables", "table name '" + table.name() + "' is used twice");
      }
    }
    return this;
  }

  public static LakesyncConfig load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config", "no such file: " + file);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
  }

  public static LakesyncConfig parse(String yaml) {
    try {
      LakesyncConfig config = YAML.readValue(yaml, LakesyncConfig.class);
      if (config == null) {
        throw new ConfigException("tables", "the configuration file is empty");
      }
      return config.validated();
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(keyPath(e), "unknown key" + knownKeys(e));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException invalid) {
        String parent = keyPath(e);
        throw new ConfigException(
            parent.isEmpty() ? invalid.key() : parent + "." + invalid.key(),
            invalid.getMessage().substring(invalid.key().length() + 2));
      }
      throw new ConfigException(keyPath(e), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new ConfigException("--config", "not valid YAML: " + e.getOriginalMessage());
    }
  }

  public Optional<TableConfig> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The lakeFS connection: the environment ({@code LAKEFS_*}) overrides the file, and the secret
   * comes from the environment or from {@code secret_access_key_file}.
   */
  public LakeFsSettings lakeFsSettings(Environment env) {
    Map<String, String> merged = new TreeMap<>();
    if (lakefs != null) {
      putIfPresent(merged, LakeFsSettings.ENDPOINT_VARIABLE, lakefs.endpoint());
      putIfPresent(merged, LakeFsSettings.ACCESS_KEY_VARIABLE, lakefs.accessKeyId());
      if (lakefs.secretAccessKeyFile() != null) {
        merged.put(
            LakeFsSettings.SECRET_KEY_VARIABLE, readSecretFile(lakefs.secretAccessKeyFile()));
      }
    }
    for (String name :
        List.of(
            LakeFsSettings.ENDPOINT_VARIABLE,
            LakeFsSettings.ACCESS_KEY_VARIABLE,
            LakeFsSettings.SECRET_KEY_VARIABLE)) {
      env.get(name).ifPresent(value -> merged.put(name, value));
    }
    return LakeFsSettings.fromEnvironment(Environment.of(merged));
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String readSecretFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigException("lakefs.secret_access_key_file", "cannot read " + file);
    }
  }

  /** {@code tables[1].chunk_tokens} from Jackson's reference path. */
  static String keyPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            ref ->
                ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String knownKeys(UnrecognizedPropertyException e) {
    if (e.getKnownPropertyIds() == null || e.getKnownPropertyIds().isEmpty()) {
      return "";
    }
    return "; known keys: "
        + e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
  }
}

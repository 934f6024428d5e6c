package io.lakesync.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads commit events from input records. Never throws: anything that is not a usable event comes
 * back as {@link ParsedEvent.Invalid} with a reason a person can act on, for the dead-letter topic.
 */
public final class CommitEventParser {
  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COMMIT_EVENT_TYPES = Set.of("post-commit", "post-merge");
  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9-]{2,62}");
  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
  private static final Pattern COMMIT = Pattern.compile("[A-Za-z0-9]{6,128}");

  private final Set<String> repositories;
  private final int maxBytes;

  /**
   * @param repositories the repositories lakesync syncs tables of; events for others are dead
   *     letters
   */
  public CommitEventParser(Set<String> repositories, int maxBytes) {
    this.repositories = Set.copyOf(repositories);
    this.maxBytes = maxBytes;
  }

  public ParsedEvent parse(byte[] value) {
    if (value == null || value.length == 0) {
      return new ParsedEvent.Invalid("empty record", value == null ? new byte[0] : value);
    }
    if (value.length > maxBytes) {
      return new ParsedEvent.Invalid(
          "oversized record: " + value.length + " bytes > " + maxBytes, value);
    }
    JsonNode json;
    try {
      json = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return new ParsedEvent.Invalid("malformed JSON: " + e.getOriginalMessage(), value);
    } catch (java.io.IOException e) {
      return new ParsedEvent.Invalid("unreadable record: " + e.getMessage(), value);
    }
    if (json == null || !json.isObject()) {
      return new ParsedEvent.Invalid("not a JSON object", value);
    }
    try {
      return new ParsedEvent.Valid(event(json), value);
    } catch (IllegalArgumentException e) {
      return new ParsedEvent.Invalid(e.getMessage(), value);
    }
  }

  private CommitEvent event(JsonNode json) {
    String eventType = json.has("event_type") ? text(json, "event_type") : "commit";
    if (json.has("event_type") && !COMMIT_EVENT_TYPES.contains(eventType)) {
      throw new IllegalArgumentException(
          "unsupported event_type '" + eventType + "' (expected post-commit or post-merge)");
    }
    String repository = required(json, "repository_id", REPOSITORY);
    if (!repositories.contains(repository)) {
      throw new IllegalArgumentException(
          "unknown repository '" + repository + "': no table syncs it");
    }
    return new CommitEvent(
        repository,
        required(json, "branch_id", BRANCH),
        required(json, "commit_id", COMMIT),
        eventType,
        metadata(json.get("commit_metadata")),
        json.path("merge_source").isTextual() ? json.get("merge_source").asText() : "");
  }

  private static String required(JsonNode json, String field, Pattern pattern) {
    if (!json.has(field) || json.get(field).isNull()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    String value = text(json, field);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + field + ": '" + value + "'");
    }
    return value;
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (!node.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return node.asText();
  }

  private static Map<String, String> metadata(JsonNode node) {
    Map<String, String> metadata = new HashMap<>();
    if (node != null && node.isObject()) {
      node.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
    }
    return metadata;
  }
}

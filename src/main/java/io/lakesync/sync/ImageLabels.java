package io.lakesync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lakesync.embed.ImageEmbedding.Label;
import java.util.List;
import java.util.Map;

/**
 * An image's labels as they are stored in {@code image_labels}: JSON a stock client reads ({@code
 * [{"label":"tabby cat","p":0.5432}]}). Probabilities are rounded to four decimals before anything
 * uses them, so labels read back from the table describe an image exactly as freshly computed ones
 * do: incremental equals a full rebuild.
 */
public final class ImageLabels {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

  private ImageLabels() {}

  static List<Label> rounded(List<Label> labels) {
    return labels.stream()
        .map(l -> new Label(l.name(), Math.round(l.probability() * 10_000) / 10_000f))
        .toList();
  }

  static String toJson(List<Label> labels) {
    try {
      return JSON.writeValueAsString(
          labels.stream().map(l -> Map.of("label", l.name(), "p", l.probability())).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("labels are plain strings and numbers", e);
    }
  }

  /** The labels stored in {@code image_labels} (empty for an empty string). */
  public static List<Label> fromJson(String json) {
    if (json.isEmpty()) {
      return List.of();
    }
    try {
      return JSON.readValue(json, ROWS).stream()
          .map(m -> new Label((String) m.get("label"), ((Number) m.get("p")).floatValue()))
          .toList();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("image_labels is not lakesync's JSON: " + json, e);
    }
  }
}

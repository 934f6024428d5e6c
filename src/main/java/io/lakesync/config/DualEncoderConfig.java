package io.lakesync.config;

/**
 * A user's CLIP-style dual encoder ({@code tables[i].images.dual_encoder}): ONNX image and text
 * encoders into one space, and the text encoder's Hugging Face {@code tokenizer.json}. Each is a
 * local path (a mounted volume) or {@code lakefs://<repository>/<ref>/<path>}, read once at start
 * (a commit id or tag as the ref keeps it fixed). The model's stamp is derived from the files'
 * content, so a changed file rebuilds the table instead of mixing vectors.
 *
 * @param name names the model in its stamp ({@code <name>@<sha256 prefix>})
 */
public record DualEncoderConfig(String imageOnnx, String textOnnx, String tokenizer, String name) {
  public DualEncoderConfig {
    name = name == null ? "dual-encoder" : name;
  }

  public DualEncoderConfig validate() {
    require("image_onnx", imageOnnx);
    require("text_onnx", textOnnx);
    require("tokenizer", tokenizer);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new ConfigException(
          "images.dual_encoder.name", "letters, digits, '.', '_' and '-' only: " + name);
    }
    return this;
  }

  private static void require(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          "images.dual_encoder." + key, "is required: a local path or lakefs://repo/ref/path");
    }
  }
}

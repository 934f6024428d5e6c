package io.lakesync.extract;

import java.awt.image.BufferedImage;
import java.util.Objects;

/** What extraction made of one object: its text, its image, or why it has neither. */
public sealed interface Extraction {
  /** Text ready for chunking, with its structure; character spans of chunks refer to this text. */
  record Text(StructuredText content, Format format) implements Extraction {
    public Text {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(format, "format");
    }

    /** Text without markup, whose paragraphs are its blocks. */
    public Text(String text, Format format) {
      this(StructuredText.plain(text), format);
    }

    public String text() {
      return content.text();
    }
  }

  /**
   * A decoded raster image, upright (EXIF orientation applied), transparency on white, possibly
   * subsampled (see {@link ImageDecoder}).
   *
   * @param image the pixels, {@link BufferedImage#TYPE_INT_RGB}
   * @param format the format the content's magic bytes name
   * @param width the upright source image's width before subsampling
   * @param height the upright source image's height before subsampling
   */
  record Image(BufferedImage image, ImageFormat format, int width, int height)
      implements Extraction {
    public Image {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(format, "format");
      if (image.getType() != BufferedImage.TYPE_INT_RGB) {
        throw new IllegalArgumentException("images are TYPE_INT_RGB, got type " + image.getType());
      }
    }
  }

  /** No text, with a reason a person can act on. */
  record Skipped(SkipReason reason, String detail) implements Extraction {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  static Extraction skipped(SkipReason reason, String detail) {
    return new Skipped(reason, detail);
  }
}

package io.lakesync.extract;

/** Why an in-scope object has no vectors. Recorded per object and counted; never an error. */
public enum SkipReason {
  /** No text after extraction (an empty file, a PDF of scanned images). */
  EMPTY,
  /**
   * Larger than the table's {@code max_object_bytes}, or an image whose header declares more pixels
   * than the decoder's bound (it is never decoded).
   */
  TOO_LARGE,
  /** Binary content lakesync cannot read as text. */
  BINARY,
  /**
   * A known format lakesync does not extract (archives, office files, SVG; images when no image
   * decoder is configured), or a file whose extension names an image but whose content is not one.
   */
  UNSUPPORTED_TYPE,
  /** Claims to be text but is not valid UTF-8 (or the UTF-16/32 its byte order mark names). */
  INVALID_ENCODING,
  /**
   * Malformed or unreadable content (a broken PDF, invalid JSON, an encrypted document, a corrupt
   * or truncated image).
   */
  UNREADABLE
}

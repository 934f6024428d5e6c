package io.lakesync.pii;

/** Kinds of personal or secret data the governance check looks for in chunk texts. */
public enum PiiKind {
  EMAIL,
  PHONE,
  PAYMENT_CARD,
  IBAN,
  US_SSN,
  SECRET;

  /** What a redacted occurrence is replaced with, so a reader sees that something was there. */
  public String placeholder() {
    return "[REDACTED:" + name() + "]";
  }
}

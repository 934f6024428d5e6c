package io.lakesync.pii;

/**
 * One occurrence of PII in a text: its kind and span. Deliberately holds no copy of the value, so a
 * finding can be logged and reported without leaking what it found.
 */
public record PiiFinding(PiiKind kind, int start, int end) {}

package io.lakesync.pii;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds PII and secrets in text, and masks them. Patterns alone flag too much (every 16-digit
 * number, every dash-separated date), so each candidate is confirmed where a checksum or structure
 * exists: payment cards by Luhn and issuer prefix, IBANs by ISO 13616 mod-97, SSNs by the ranges
 * the SSA never issues, generic secrets by their entropy. Overlapping matches keep the first kind
 * in {@link PiiKind} order, so a card number is never also reported as a phone number.
 */
public final class PiiScanner {
  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}\\b");
  private static final Pattern CARD =
      Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
  private static final Pattern IBAN =
      Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b");
  private static final Pattern SSN =
      Pattern.compile("(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])");
  private static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){2,4}"
              + "|\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}|\\d{3}[.-]\\d{3}[.-]\\d{4})(?![\\w-])");
  private static final List<Pattern> SECRETS =
      List.of(
          // PEM private keys: the whole block, or to the end of the text when it was cut.
          Pattern.compile(
              "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\\s\\S]*?"
                  + "(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|\\z)"),
          Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"),
          Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{50,}\\b"),
          Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
          Pattern.compile("\\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}\\b"),
          Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"));

  /** {@code api_key = "…"} and friends: the value counts only when it looks random. */
  private static final Pattern ASSIGNED_SECRET =
      Pattern.compile(
          "(?i)\\b(?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|password"
              + "|passwd|client[_-]?secret)\\b[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+_.=~-]{16,})");

  private static final double MIN_SECRET_BITS_PER_CHAR = 3.5;

  /** Every finding in {@code text}, ordered by position, without overlaps. */
  public List<PiiFinding> scan(String text) {
    List<PiiFinding> all = new ArrayList<>();
    addConfirmed(all, CARD, text, PiiKind.PAYMENT_CARD, PiiScanner::isPaymentCard);
    addConfirmed(all, IBAN, text, PiiKind.IBAN, PiiScanner::isIban);
    addConfirmed(all, SSN, text, PiiKind.US_SSN, s -> true);
    for (Pattern secret : SECRETS) {
      addConfirmed(all, secret, text, PiiKind.SECRET, s -> true);
    }
    Matcher assigned = ASSIGNED_SECRET.matcher(text);
    while (assigned.find()) {
      if (bitsPerChar(assigned.group(1)) >= MIN_SECRET_BITS_PER_CHAR) {
        all.add(new PiiFinding(PiiKind.SECRET, assigned.start(1), assigned.end(1)));
      }
    }
    addConfirmed(all, EMAIL, text, PiiKind.EMAIL, s -> true);
    addConfirmed(all, PHONE, text, PiiKind.PHONE, PiiScanner::isPhone);
    return withoutOverlaps(all);
  }

  /** {@code text} with every finding replaced by its kind's placeholder. */
  public String redact(String text) {
    List<PiiFinding> findings = scan(text);
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (PiiFinding f : findings) {
      out.append(text, at, f.start()).append(f.kind().placeholder());
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  private interface Confirmation {
    boolean confirms(String match);
  }

  private static void addConfirmed(
      List<PiiFinding> into, Pattern pattern, String text, PiiKind kind, Confirmation check) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (check.confirms(m.group())) {
        into.add(new PiiFinding(kind, m.start(), m.end()));
      }
    }
  }

  /** Earlier kinds win (the order of {@link #scan}); then the earliest start. */
  private static List<PiiFinding> withoutOverlaps(List<PiiFinding> found) {
    List<PiiFinding> kept = new ArrayList<>();
    for (PiiFinding candidate : found) {
      boolean overlaps =
          kept.stream().anyMatch(k -> candidate.start() < k.end() && k.start() < candidate.end());
      if (!overlaps) {
        kept.add(candidate);
      }
    }
    kept.sort(Comparator.comparingInt(PiiFinding::start));
    return kept;
  }

  static boolean isPaymentCard(String match) {
    String digits = match.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19 || !luhn(digits)) {
      return false;
    }
    // Issuer prefixes (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay): a Luhn-valid
    // number outside them is far more likely an order or tracking number.
    return digits.matches(
        "4\\d*|5[1-5]\\d*|2[2-7]\\d*|3[47]\\d*|6(?:011|5|4[4-9]|2)\\d*|35\\d*"
            + "|3(?:0[0-5]|[689])\\d*");
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        d = d > 9 ? d - 9 : d;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  static boolean isIban(String match) {
    String iban = match.replace(" ", "");
    if (iban.length() < 15 || iban.length() > 34) {
      return false;
    }
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder numeric = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  private static boolean isPhone(String match) {
    long digits = match.chars().filter(Character::isDigit).count();
    return digits >= 10 && digits <= 15;
  }

  /** Shannon entropy per character: random keys score above 4, words and repeats below 3. */
  static double bitsPerChar(String value) {
    int[] counts = new int[128];
    int n = 0;
    for (char c : value.toCharArray()) {
      if (c < 128) {
        counts[c]++;
        n++;
      }
    }
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / n;
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }
}

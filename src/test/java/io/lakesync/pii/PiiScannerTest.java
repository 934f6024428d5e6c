package io.lakesync.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScannerTest {
  private final PiiScanner scanner = new PiiScanner();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "write to jane.doe+billing@example.co.uk today|EMAIL",
        "call +44 20 7946 0958 after nine|PHONE",
        "call (415) 555-2671 after nine|PHONE",
        "call 415-555-2671 after nine|PHONE",
        "card 4111 1111 1111 1111 on file|PAYMENT_CARD",
        "card 5500-0000-0000-0004 on file|PAYMENT_CARD",
        "amex 378282246310005 on file|PAYMENT_CARD",
        "pay to DE89 3704 0044 0532 0130 00 please|IBAN",
        "pay to GB82WEST12345698765432 please|IBAN",
        "ssn 123-45-6789 on the form|US_SSN",
        "aws key AKIAIOSFODNN7EXAMPLE in config|SECRET",
        "token ghp_1234567890abcdefghijABCDEFGHIJ123456 leaked|SECRET",
        "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc here|SECRET",
        "api_key = 'q8Zr2LmX9vT4bN7cK1pW5sYd' here|SECRET",
      })
  void findsEachKind(String text, PiiKind kind) {
    assertThat(scanner.scan(text)).extracting(PiiFinding::kind).containsExactly(kind);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "released on 2024-01-15 at 10:30",
        "order number 4111 1111 1111 1112 shipped", // fails Luhn
        "tracking 1234567890123456 ",
        "version 1.84.0 and port 8000",
        "ssn-like 000-12-3456 and 666-12-3456 are never issued",
        "reference DE00 1234 5678 9012 3456 78", // fails mod-97
        "password = changeme-changeme-changeme", // assignment, but not random
        "contact us at the support desk",
        "ip 192.168.100.200 and 10.0.0.1",
      })
  void ignoresLookalikes(String text) {
    assertThat(scanner.scan(text)).isEmpty();
  }

  @Test
  void privateKeyBlocksAreOneFindingEvenWhenCut() {
    String pem =
        "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nend";
    assertThat(scanner.redact(pem)).isEqualTo("key:\n[REDACTED:SECRET]\nend");
    assertThat(scanner.redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B"))
        .isEqualTo("[REDACTED:SECRET]");
  }

  @Test
  void redactionMasksEveryFindingAndKeepsTheRest() {
    String text = "Mail ops@example.com or call +1 415 555 2671; card 4242424242424242.";
    String redacted = scanner.redact(text);
    assertThat(redacted)
        .isEqualTo("Mail [REDACTED:EMAIL] or call [REDACTED:PHONE]; card [REDACTED:PAYMENT_CARD].");
    assertThat(scanner.scan(redacted)).isEmpty();
  }

  @Test
  void aCardNumberIsNotAlsoAPhoneNumber() {
    List<PiiFinding> findings = scanner.scan("4111-1111-1111-1111");
    assertThat(findings).extracting(PiiFinding::kind).containsExactly(PiiKind.PAYMENT_CARD);
    assertThat(findings.get(0).start()).isZero();
    assertThat(findings.get(0).end()).isEqualTo(19);
  }

  @Test
  void luhnAndIbanChecksums() {
    assertThat(PiiScanner.luhn("79927398713")).isTrue();
    assertThat(PiiScanner.luhn("79927398710")).isFalse();
    assertThat(PiiScanner.isIban("FR1420041010050500013M02606")).isTrue();
    assertThat(PiiScanner.isIban("FR1420041010050500013M02607")).isFalse();
  }
}

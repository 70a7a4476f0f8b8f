package io.lorastream.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiMaskerTest {

    @Test
    void masksEmailsPhonesAndCardsAndCountsThem() {
        PiiMasker.Result result = PiiMasker.mask(
                "Mail jane.doe+promo@example.co.uk or call +1 415-555-0132, card 4111 1111 1111 1111.");

        assertThat(result.text()).isEqualTo("Mail [EMAIL] or call [PHONE], card [CARD].");
        assertThat(result.counts()).isEqualTo(Map.of(PiiMasker.Kind.EMAIL, 1, PiiMasker.Kind.PHONE, 1, PiiMasker.Kind.CARD, 1));
        assertThat(result.total()).isEqualTo(3);
    }

    @Test
    void leavesNumbersThatAreNotPersonalDataAlone() {
        String text = "Order 12345 shipped in 2026, version 1.2.3, total 99.95 for 3 items";

        assertThat(PiiMasker.mask(text).text()).isEqualTo(text);
    }

    @Test
    void aLongNumberThatFailsLuhnIsNotACard() {
        assertThat(PiiMasker.passesLuhn("4111111111111111")).isTrue();
        assertThat(PiiMasker.passesLuhn("4111111111111112")).isFalse();
        assertThat(PiiMasker.mask("tracking 4111111111111112").counts()).doesNotContainKey(PiiMasker.Kind.CARD);
    }

    @Test
    void masksEuropeanPhoneFormats() {
        assertThat(PiiMasker.mask("ring 030 1234 5678 today").text()).isEqualTo("ring [PHONE] today");
        assertThat(PiiMasker.mask("or +4930123456789").text()).isEqualTo("or [PHONE]");
    }

    @Test
    void textWithoutPersonalDataIsReturnedAsIs() {
        String text = "nothing to see here";
        assertThat(PiiMasker.mask(text).text()).isSameAs(text);
        assertThat(PiiMasker.mask(text).total()).isZero();
    }
}

package io.lorastream.lora.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailTextTest {

    @Test
    void keepsSubjectAndBodyAndDropsRoutingHeaders() {
        String raw = "Received: from relay.example (1.2.3.4)\n\tby mx\nSubject: Cheap\n pills now\n"
                + "From: a@b.example\n\nHello   there,\nbuy now.\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("Cheap pills now\nHello there, buy now.");
    }

    @Test
    void stripsHtmlAndDecodesQuotedPrintable() {
        String raw = "Subject: Offer\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "<HTML><BODY><font size=3D\"5\">Only $99.00</font>=\n today<BR>&amp; more"
                + "<style>p {color: red}</style></BODY></HTML>\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("Offer\nOnly $99.00 today & more");
    }

    @Test
    void dropsMimeBoundariesPartHeadersAndBase64() {
        String raw = "Subject: s\nContent-Type: multipart/alternative; boundary=\"XyZ123abc\"\n\n"
                + "--XyZ123abc\nContent-Type: text/plain; charset=us-ascii\n\nplain words\n"
                + "--XyZ123abc\nContent-Transfer-Encoding: base64\n\n"
                + "SGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8=\n--XyZ123abc--\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("s\nplain words");
    }

    @Test
    void mailWithoutBodyOrSubject() {
        assertThat(EmailText.subjectAndBody("From: x@y.example")).isEmpty();
    }

    @Test
    void capsVeryLongMails() {
        String raw = "Subject: big\n\n" + "word ".repeat(10_000);
        assertThat(EmailText.subjectAndBody(raw)).hasSize(EmailText.MAX_CHARS);
    }
}

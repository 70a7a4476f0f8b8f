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
    void dropsMimeBoundariesPartHeadersAndAttachments() {
        String raw = "Subject: s\nContent-Type: multipart/mixed; boundary=\"XyZ123abc\"\n\n"
                + "--XyZ123abc\nContent-Type: text/plain; charset=us-ascii\n\nplain words\n"
                + "--XyZ123abc\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
                + "SGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8=\n--XyZ123abc--\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("s\nplain words");
    }

    @Test
    void decodesABase64SpamBodyAndAnEncodedSubject() {
        String raw = "Subject: =?iso-8859-1?B?V2luIGEgcHJpemU=?=\nMIME-Version: 1.0\n"
                + "Content-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
                + "PGh0bWw+PGJvZHk+Q2xpY2sgaGVyZSB0byBjbGFpbSB5b3VyIGZyZWUgcHJpemUhPC9ib2R5PjwvaHRtbD4=\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("Win a prize\nClick here to claim your free prize!");
    }

    @Test
    void aBrokenMultipartStillLosesItsPartHeadersAndEncodedBlocks() {
        String raw = "Subject: s\nContent-Type: multipart/mixed\n\nContent-Type: text/plain\n\nwords\n"
                + "SGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8=\n";

        assertThat(EmailText.subjectAndBody(raw)).isEqualTo("s\nwords");
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

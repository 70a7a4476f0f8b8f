package io.lorastream.lora.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MimePartsTest {

    private static String base64(String text) {
        String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        // mail wraps base64 at 76 characters a line
        return encoded.replaceAll("(.{76})", "$1\n");
    }

    @Test
    void decodesABase64BodyInItsDeclaredCharset() {
        String headers = "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64";
        String body = base64("Gr\u00fc\u00dfe! Make money fast from home, ".repeat(4)) + "\n";

        assertThat(MimeParts.readableText(headers, body)).startsWith("Gr\u00fc\u00dfe! Make money fast from home,");
    }

    @Test
    void walksMixedPartsAndSkipsAttachments() {
        String headers = "Content-Type: multipart/mixed; boundary=\"==outer\"";
        String body = "This is a multi-part message in MIME format.\n\n--==outer\n"
                + "Content-Type: text/html; charset=us-ascii\nContent-Transfer-Encoding: base64\n\n"
                + base64("<p>Cheap loans today</p>") + "\n--==outer\n"
                + "Content-Type: image/gif; name=\"x.gif\"\nContent-Transfer-Encoding: base64\n\n"
                + base64("GIF89a binary pixels") + "\n--==outer--\nepilogue words\n";

        assertThat(MimeParts.readableText(headers, body)).isEqualTo("<p>Cheap loans today</p>");
    }

    @Test
    void readsOnlyTheFullestAlternative() {
        String headers = "Content-Type: multipart/alternative; boundary=b1";
        String body = "--b1\nContent-Type: text/plain\n\nsee HTML\n--b1\nContent-Type: text/html\n"
                + "Content-Transfer-Encoding: quoted-printable\n\n<b>Only $99=2E00</b> to=\nday\n"
                + "--b1\nContent-Type: text/enriched\n\nsame words\n--b1--\n";

        assertThat(MimeParts.readableText(headers, body)).isEqualTo("<b>Only $99.00</b> today\n");
    }

    @Test
    void walksNestedMultipartsAndForwardedMessages() {
        String headers = "Content-Type: multipart/mixed; boundary=outer";
        String body = "--outer\nContent-Type: multipart/alternative; boundary=inner\n\n"
                + "--inner\nContent-Type: text/plain\n\nnested plain\n--inner--\n"
                + "--outer\nContent-Type: message/rfc822\n\nSubject: forwarded subject\nFrom: a@b.example\n\n"
                + "forwarded body\n--outer--\n";

        assertThat(MimeParts.readableText(headers, body))
                .isEqualTo("nested plain\n\nforwarded subject\nforwarded body\n");
    }

    @Test
    void aMultipartWhoseBoundaryNeverOccursIsReadAsOneText() {
        String headers = "Content-Type: multipart/alternative; boundary=\"=Boundary 1\"";
        String body = "--= Boundary 1\nContent-Type: text/plain\n\nwords anyway\n";

        assertThat(MimeParts.readableText(headers, body)).isEqualTo(body);
    }

    @Test
    void aBodyWithoutMimeHeadersIsReadAsIs() {
        assertThat(MimeParts.readableText("Subject: hi", "plain old mail\n")).isEqualTo("plain old mail\n");
    }

    @Test
    void brokenBase64YieldsNothingRatherThanGarbageOrAnError() {
        String headers = "Content-Type: text/plain\nContent-Transfer-Encoding: base64";

        assertThat(MimeParts.readableText(headers, "!!!\n")).isEmpty();
    }

    @Test
    void anUnknownCharsetFallsBackToOneCharacterPerByte() {
        String headers = "Content-Type: text/plain; charset=x-no-such-charset\nContent-Transfer-Encoding: quoted-printable";

        assertThat(MimeParts.readableText(headers, "caf=E9 au lait")).isEqualTo("caf\u00e9 au lait");
    }

    @Test
    void decodesEncodedWordsInHeaders() {
        assertThat(MimeParts.decodeEncodedWords("=?iso-8859-1?Q?Fw:_Caf=E9_offer?= =?utf-8?B?IG5vdyE=?="))
                .isEqualTo("Fw: Caf\u00e9 offer now!");
        assertThat(MimeParts.decodeEncodedWords("Re: plain subject")).isEqualTo("Re: plain subject");
        assertThat(MimeParts.decodeEncodedWords("=?utf-8?B?!!!?=")).isEqualTo("=?utf-8?B?!!!?=");
    }
}

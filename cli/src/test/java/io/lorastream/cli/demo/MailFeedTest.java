package io.lorastream.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailFeedTest {

    @Test
    void controlCharactersBecomeSpacesAndLayoutStays() {
        assertThat(MailFeed.clean("Subject: hi\u0000there\r\n\tbody\u0007\u007f end"))
                .isEqualTo("Subject: hi there\r\n\tbody   end");
    }

    @Test
    void longMailIsCutToTheLimit() {
        assertThat(MailFeed.clean("x".repeat(MailFeed.MAX_CHARS + 10))).hasSize(MailFeed.MAX_CHARS);
    }
}

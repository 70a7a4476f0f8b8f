package io.lorastream.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lorastream.lora.data.SpamAssassinEmail;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Streams mail through the ingest API the way a mail system reporting its users' "spam" and "not spam"
 * clicks would: small batches, each with the mail's id (so a repeat is a duplicate), text, label and
 * source. A batch the service cannot take now (503: Kafka away) is sent again after a pause.
 */
final class MailFeed {

    /** Mails per request: what a mail system flushing its feedback queue every few seconds sends. */
    static final int BATCH = 50;
    /**
     * Characters of a mail sent: the model reads only its first {@code maxLength} tokens, and a few
     * mails in the corpus are larger than the default task's text limit.
     */
    static final int MAX_CHARS = 8_000;
    private static final int ATTEMPTS = 10;

    /** What the ingest service answered for a whole wave, summed. */
    record Totals(int received, int accepted, int train, int holdout, int duplicates, int rejected) {
        Totals plus(JsonNode answer) {
            return new Totals(received + answer.path("received").asInt(), accepted + answer.path("accepted").asInt(),
                    train + answer.path("train").asInt(), holdout + answer.path("holdout").asInt(),
                    duplicates + answer.path("duplicates").asInt(), rejected + answer.path("rejected").asInt());
        }
    }

    private final ServiceApi api;
    private final String task;

    MailFeed(ServiceApi api, String task) {
        this.api = api;
        this.task = task;
    }

    Totals send(String wave, List<SpamAssassinEmail> mails) throws IOException, InterruptedException {
        Totals totals = new Totals(0, 0, 0, 0, 0, 0);
        long started = System.nanoTime();
        for (int from = 0; from < mails.size(); from += BATCH) {
            List<SpamAssassinEmail> batch = mails.subList(from, Math.min(mails.size(), from + BATCH));
            JsonNode answer = sendWithRetry(batch);
            totals = totals.plus(answer);
            if (answer.path("rejected").asInt() > 0) {
                System.out.println("  ingest rejected some mail: " + answer.path("rejections"));
            }
            int sent = from + batch.size();
            if (sent % 250 == 0 || sent == mails.size()) {
                System.out.printf("  %s: %4d/%d mails sent, %d accepted (%d to training, %d held out), %d duplicates"
                                + "  [%.1f s]%n", wave, sent, mails.size(), totals.accepted(), totals.train(),
                        totals.holdout(), totals.duplicates(), (System.nanoTime() - started) / 1e9);
            }
        }
        return totals;
    }

    /**
     * The text as a mail system would report it: at most {@link #MAX_CHARS}, and without the stray
     * control characters a few old mails carry (ingest rejects NUL and friends, rightly).
     */
    static String clean(String text) {
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            out.append(control ? ' ' : c);
        }
        return out.toString();
    }

    private JsonNode sendWithRetry(List<SpamAssassinEmail> batch) throws IOException, InterruptedException {
        ArrayNode body = ServiceApi.json().createArrayNode();
        Instant now = Instant.now();
        for (SpamAssassinEmail mail : batch) {
            ObjectNode example = body.addObject();
            example.put("id", DemoCorpus.exampleId(mail));
            example.put("text", clean(mail.text()));
            example.put("label", mail.label());
            example.put("source", "demo-mail-feedback");
            example.put("timestamp", now.toString());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return api.ingest(task, body);
            } catch (IOException e) {
                boolean unavailable = e.getMessage() != null && e.getMessage().contains(" answered 503 ");
                if (!unavailable || attempt == ATTEMPTS) {
                    throw e;
                }
                System.out.println("  ingest is unavailable (" + e.getMessage() + "); retrying in " + attempt + " s");
                Thread.sleep(1000L * attempt);
            }
        }
    }
}

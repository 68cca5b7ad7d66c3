package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.hookline.secrets.SecretGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    private static final String BODY = "{\"type\":\"contact.subscribed\",\"data\":{\"email\":\"jo\u00eb@example.com\"}}";

    private final WebhookSigner signer = new WebhookSigner();

    @Test
    void signatureWithOneSecretVerifiesWithTheStandardWebhooksLibrary() throws Exception {
        String secret = SecretGenerator.newSecret();
        long now = System.currentTimeMillis() / 1000;

        String signature = signer.sign("msg_1", now, BODY, List.of(secret));

        assertThat(signature).startsWith("v1,").doesNotContain(" ");
        new Webhook(secret).verify(BODY, headers("msg_1", now, signature));
    }

    @Test
    void signatureWithTwoSecretsVerifiesWithEach() throws Exception {
        String oldSecret = SecretGenerator.newSecret();
        String newSecret = SecretGenerator.newSecret();
        long now = System.currentTimeMillis() / 1000;

        String signature = signer.sign("msg_2", now, BODY, List.of(newSecret, oldSecret));

        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(newSecret).verify(BODY, headers("msg_2", now, signature));
        new Webhook(oldSecret).verify(BODY, headers("msg_2", now, signature));
    }

    @Test
    void tamperedBodyFailsVerification() {
        String secret = SecretGenerator.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String signature = signer.sign("msg_3", now, BODY, List.of(secret));

        assertThatThrownBy(() -> new Webhook(secret).verify(BODY.replace("jo", "al"), headers("msg_3", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void signatureFromAnotherSecretFailsVerification() {
        long now = System.currentTimeMillis() / 1000;
        String signature = signer.sign("msg_4", now, BODY, List.of(SecretGenerator.newSecret()));

        assertThatThrownBy(() -> new Webhook(SecretGenerator.newSecret()).verify(BODY, headers("msg_4", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // Test vector published with the Standard Webhooks libraries.
        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}",
                List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsConsistentlyFromManyThreads() throws Exception {
        String secret = SecretGenerator.newSecret();
        String expected = signer.sign("msg_5", 1_700_000_000L, BODY, List.of(secret));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                tasks.add(() -> signer.sign("msg_5", 1_700_000_000L, BODY, List.of(secret)));
            }
            for (Future<String> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsMalformedSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> signer.sign("msg_6", 1L, BODY, List.of("whsec_not*base64!")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not*base64!");
    }

    @Test
    void rejectsSigningWithoutSecrets() {
        assertThatThrownBy(() -> signer.sign("msg_7", 1L, BODY, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of(
                "webhook-id", List.of(id),
                "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}

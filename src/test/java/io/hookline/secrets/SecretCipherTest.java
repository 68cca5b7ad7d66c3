package io.hookline.secrets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretCipher cipher = new SecretCipher(randomKey());

    @Test
    void aSecretRoundTripsAndIsStoredWithTheVersionPrefixNotInPlaintext() {
        String stored = cipher.encrypt("wh_1", SECRET);

        assertThat(stored).startsWith("v1:").doesNotContain(SECRET).doesNotContain("whsec_");
        assertThat(SecretCipher.isEncrypted(stored)).isTrue();
        assertThat(cipher.decrypt("wh_1", stored)).isEqualTo(SECRET);
    }

    @Test
    void everyEncryptionUsesAFreshNonceSoEqualSecretsDoNotLookEqual() {
        Set<String> stored = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String value = cipher.encrypt("wh_1", SECRET);
            stored.add(value);
            byte[] raw = Base64.getDecoder().decode(value.substring(3));
            nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, 12)));
        }
        assertThat(stored).hasSize(200);
        assertThat(nonces).hasSize(200);
    }

    @Test
    void aTamperedValueIsRefusedNotDecryptedToSomethingElse() {
        String stored = cipher.encrypt("wh_1", SECRET);
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 0x01;
            String tampered = "v1:" + Base64.getEncoder().encodeToString(altered);
            assertThatThrownBy(() -> cipher.decrypt("wh_1", tampered))
                    .as("bit flipped in byte %d", i)
                    .isInstanceOf(SecretDecryptionException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void aValueCopiedOntoAnotherWebhookDoesNotDecrypt() {
        String stored = cipher.encrypt("wh_1", SECRET);

        assertThatThrownBy(() -> cipher.decrypt("wh_2", stored))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void theWrongKeyFailsClearlyWithoutShowingTheValue() {
        String stored = cipher.encrypt("wh_1", SECRET);
        SecretCipher other = new SecretCipher(randomKey());

        assertThatThrownBy(() -> other.decrypt("wh_1", stored))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessage("the stored secret of webhook wh_1 does not decrypt: it was encrypted with another "
                        + "hookline.secrets.key, or altered")
                .hasMessageNotContaining(stored.substring(3));
    }

    @Test
    void plaintextTruncatedAndGarbledValuesAreRefused() {
        assertThatThrownBy(() -> cipher.decrypt("wh_1", SECRET))
                .isInstanceOf(SecretDecryptionException.class).hasMessageContaining("not in the encrypted format")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> cipher.decrypt("wh_1", "v1:AAAA"))
                .isInstanceOf(SecretDecryptionException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> cipher.decrypt("wh_1", "v1:%%%"))
                .isInstanceOf(SecretDecryptionException.class).hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> cipher.decrypt("wh_1", null))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void aConfiguredKeyMustBeBase64Of32BytesAndTheErrorDoesNotEchoIt() {
        String good = Base64.getEncoder().encodeToString(randomKey());
        assertThat(SecretCipher.fromBase64(good).decrypt("wh_1", SecretCipher.fromBase64(good).encrypt("wh_1", SECRET)))
                .isEqualTo(SECRET);

        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretCipher.fromBase64(short16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hookline.secrets.key must be base64 of 32 bytes, it holds 16");
        assertThatThrownBy(() -> SecretCipher.fromBase64("not base64 at all! s3cr3t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hookline.secrets.key is not valid base64");
    }

    @Test
    void unicodeSecretsRoundTrip() {
        String odd = "whsec_ünïcødé-" + new String(new byte[] {0x7f}, StandardCharsets.UTF_8);
        assertThat(cipher.decrypt("wh_ü", cipher.encrypt("wh_ü", odd))).isEqualTo(odd);
    }
}

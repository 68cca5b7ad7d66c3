package io.hookline.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretGeneratorTest {

    @Test
    void secretIsWhsecPrefixedBase64Of32Bytes() {
        String secret = SecretGenerator.newSecret();

        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
    }

    @Test
    void secretsAreNotRepeated() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            secrets.add(SecretGenerator.newSecret());
        }
        assertThat(secrets).hasSize(1_000);
    }
}

package io.hookline.secrets;

import java.security.SecureRandom;
import java.util.Base64;

/** Creates webhook signing secrets in the Standard Webhooks form. */
public final class SecretGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretGenerator() {
    }

    /** {@code whsec_} followed by base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

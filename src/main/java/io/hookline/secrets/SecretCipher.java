package io.hookline.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts webhook signing secrets for storage: AES-256-GCM with a random 96-bit nonce per value.
 * A stored value reads {@code v1:<base64(nonce | ciphertext | tag)>}; the version prefix lets the
 * format (or the key) change later without guessing what a row holds. The webhook id is bound in
 * as associated data, so a value copied onto another webhook's row does not decrypt.
 */
public final class SecretCipher {

    public static final String PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the secrets key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A key written as base64 of 32 bytes, as in {@code hookline.secrets.key}. */
    public static SecretCipher fromBase64(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            // the message must not echo the key
            throw new IllegalArgumentException("hookline.secrets.key is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("hookline.secrets.key must be base64 of " + KEY_BYTES
                    + " bytes, it holds " + key.length);
        }
        return new SecretCipher(key);
    }

    /** True for a value this class wrote (of any version it knows), false for a legacy plaintext one. */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String encrypt(String webhookId, String secret) {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(secret, "secret");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws SecretDecryptionException when the value is not ours, was altered, or was written with another key */
    public String decrypt(String webhookId, String stored) {
        Objects.requireNonNull(webhookId, "webhookId");
        if (!isEncrypted(stored)) {
            throw new SecretDecryptionException("the stored secret of webhook " + webhookId
                    + " is not in the encrypted format " + PREFIX.substring(0, 2));
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("the stored secret of webhook " + webhookId + " is not valid base64");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretDecryptionException("the stored secret of webhook " + webhookId + " is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException("the stored secret of webhook " + webhookId
                    + " does not decrypt: it was encrypted with another hookline.secrets.key, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}

package io.hookline.secrets;

/** A stored secret that cannot be decrypted: another key, an altered value, or not encrypted at all. */
public class SecretDecryptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretDecryptionException(String message) {
        super(message);
    }
}

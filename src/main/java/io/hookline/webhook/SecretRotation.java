package io.hookline.webhook;

import io.hookline.api.ApiProblem;
import io.hookline.secrets.SecretCipher;
import org.apache.camel.Header;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives a webhook a new signing secret. The current one becomes the previous secret and keeps
 * signing for the overlap, so receivers can switch without rejecting a delivery; a second
 * rotation within the overlap retires the oldest secret at once.
 */
public class SecretRotation {

    private static final String ROTATE = """
            UPDATE webhook
               SET previous_secret = secret, previous_secret_until = now() + make_interval(secs => ?),
                   secret = ?, updated_at = now()
             WHERE id = ? AND deleted_at IS NULL
            RETURNING previous_secret_until
            """;

    private final DataSource dataSource;
    private final Duration overlap;
    private final SecretCipher cipher;

    public SecretRotation(DataSource dataSource, Duration overlap, SecretCipher cipher) {
        this.dataSource = dataSource;
        this.overlap = overlap;
        this.cipher = cipher;
    }

    /** Returns the new secret and until when the previous one still signs. */
    public Map<String, Object> rotate(@Header("id") String webhookId) throws SQLException {
        String secret = SecretGenerator.newSecret();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(ROTATE)) {
            ps.setDouble(1, overlap.toMillis() / 1000.0);
            ps.setString(2, cipher.encrypt(webhookId, secret)); // the previous one moves over still encrypted
            ps.setString(3, webhookId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("webhook", webhookId);
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("secret", secret);
                answer.put("previousSecretExpiresAt", rs.getTimestamp(1).toInstant().toString());
                return answer;
            }
        }
    }
}

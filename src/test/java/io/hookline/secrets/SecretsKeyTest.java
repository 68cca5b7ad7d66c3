package io.hookline.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAConfiguredKeyOneIsGeneratedIntoTheDataDirOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        SecretCipher first = SecretsKey.configuredOrGenerated("", dataDir);
        Path file = dataDir.resolve("secrets-key");

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);

        String stored = first.encrypt("wh_1", "whsec_x");
        SecretCipher second = SecretsKey.configuredOrGenerated(null, dataDir);
        assertThat(second.decrypt("wh_1", stored)).isEqualTo("whsec_x");
    }

    @Test
    void aConfiguredKeyIsUsedAndNoFileIsWritten() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);

        SecretCipher cipher = SecretsKey.configuredOrGenerated(base64, dataDir);

        assertThat(dataDir.resolve("secrets-key")).doesNotExist();
        assertThat(new SecretCipher(key).decrypt("wh_1", cipher.encrypt("wh_1", "whsec_y"))).isEqualTo("whsec_y");
    }

    @Test
    void aDamagedKeyFileStopsTheStartWithItsPath() throws Exception {
        Files.writeString(dataDir.resolve("secrets-key"), "too-short\n");

        assertThatThrownBy(() -> SecretsKey.configuredOrGenerated("", dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secrets-key is not base64 of 32 bytes");
    }
}

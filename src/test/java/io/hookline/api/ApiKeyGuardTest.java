package io.hookline.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyGuardTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutConfiguredKeysOneIsGeneratedIntoTheDataDirOwnerOnlyAndReusedAtTheNextStart() throws Exception {
        ApiKeyGuard first = ApiKeyGuard.configuredOrGenerated("", dataDir);
        Path file = dataDir.resolve("api-key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String key = Files.readString(file).trim();
        assertThat(key).startsWith("hk_");
        assertThat(first.isValid("Bearer " + key)).isTrue();
        assertThat(ApiKeyGuard.configuredOrGenerated(null, dataDir).isValid("Bearer " + key)).isTrue();
        assertThat(Files.readString(file).trim()).isEqualTo(key);
    }

    @Test
    void configuredKeysWriteNoFile() {
        ApiKeyGuard guard = ApiKeyGuard.configuredOrGenerated("k1, k2", dataDir);

        assertThat(dataDir.resolve("api-key")).doesNotExist();
        assertThat(guard.isValid("Bearer k2")).isTrue();
        assertThat(guard.isValid("Bearer k3")).isFalse();
    }
}

package io.hookline.infra;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a generated credential (API key, secrets key, broker password) into a file that is
 * owner-only from the moment it exists: created with its permissions, never written then chmod-ed,
 * so there is no instant at which another user could open it.
 */
public final class OwnerOnlyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {
    }

    /** Creates {@code file} with {@code content}; false when it already existed (another instance wrote it first). */
    public static boolean create(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(file, attribute);
        } catch (UnsupportedOperationException notPosix) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        Files.write(file, content);
        return true;
    }
}

package org.consentledger.infra;

import java.util.UUID;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.consentledger.storage.sealing.MasterKey;

/** Files only their owner may read (mode 0600): passwords, credentials and the master key of the dev stack. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The ledger's master key file in {@code dir} ({@code master.key}), made with a new random key at
     * the first start. Losing it loses every subject's data: the ledger refuses to start without it.
     */
    public static Path masterKeyFile(Path dir) {
        Path file = dir.resolve("master.key");
        if (!Files.exists(file)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            write(file, MasterKey.generate() + "\n");
        }
        return file;
    }

    /**
     * The password of the read side's Kafka user, which hands over the accesses it records: made at
     * the first start in {@code dir} ({@code read-side.kafka.password}); both services are given it.
     */
    public static String readSideKafkaPassword(Path dir) {
        Path file = dir.resolve("read-side.kafka.password");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                write(file, UUID.randomUUID() + "\n");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /** Replaces {@code file} with {@code text} at once: readers see the old file or the new one, both 0600. */
    static void write(Path file, String text) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            Files.writeString(Files.createFile(next, ownerOnly()), text);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

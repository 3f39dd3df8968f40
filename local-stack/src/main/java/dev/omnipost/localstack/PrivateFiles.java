package dev.omnipost.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read or write (mode 0600): the local stack's encryption key, operator
 * token and demo API key. Created with that mode from the start (never world-readable, not even for
 * a moment), and existing ones are narrowed to it. File systems without POSIX permissions (Windows)
 * are left to their own access control.
 */
final class PrivateFiles {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Replaces {@code file} with {@code content}, atomically, as an owner-only file. */
  static void write(Path file, String content) {
    Path directory = file.toAbsolutePath().getParent();
    try {
      Path temporary =
          posix()
              ? Files.createTempFile(
                  directory,
                  file.getFileName() + ".",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads {@code file}, first taking away any access beyond its owner's. */
  static String read(Path file) {
    try {
      if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}

package dev.omnipost.localstack;

import dev.omnipost.events.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The encryption key and operator token of one local stack, generated on first start and kept in
 * the data directory, so a restart can still decrypt the tokens it stored.
 */
record LocalStackSecrets(String encryptionKey, String operatorToken) {

  static LocalStackSecrets loadOrCreate(Path dataDir) {
    return new LocalStackSecrets(
        readOrWrite(dataDir.resolve("encryption.key"), LocalStackSecrets::newKey),
        readOrWrite(dataDir.resolve("operator.token"), () -> "opop_" + Ids.randomBase62(32)));
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String readOrWrite(Path file, java.util.function.Supplier<String> create) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String value = create.get();
      Files.writeString(file, value);
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }
}

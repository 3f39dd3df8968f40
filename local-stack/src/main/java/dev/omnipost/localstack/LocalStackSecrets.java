package dev.omnipost.localstack;

import dev.omnipost.events.Ids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The encryption key and operator token of one local stack, generated on first start and kept in
 * the data directory (owner-only files, mode 0600), so a restart can still decrypt the tokens it
 * stored.
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

  private static String readOrWrite(Path file, Supplier<String> create) {
    if (Files.exists(file)) {
      return PrivateFiles.read(file).trim();
    }
    String value = create.get();
    PrivateFiles.write(file, value);
    return value;
  }
}

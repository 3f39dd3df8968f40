package dev.omnipost.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encryption key and operator token are files only their owner can read. */
class LocalStackSecretsTests {

  @TempDir Path dataDir;

  @Test
  void generatedSecretsAreWrittenOwnerOnly() throws IOException {
    LocalStackSecrets secrets = LocalStackSecrets.loadOrCreate(dataDir);

    assertThat(Files.getPosixFilePermissions(dataDir.resolve("encryption.key")))
        .isEqualTo(PrivateFiles.OWNER_ONLY);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("operator.token")))
        .isEqualTo(PrivateFiles.OWNER_ONLY);
    assertThat(Files.readString(dataDir.resolve("encryption.key")))
        .isEqualTo(secrets.encryptionKey());
    assertThat(dataDir.toFile().list())
        .containsExactlyInAnyOrder("encryption.key", "operator.token");
  }

  @Test
  void secretFilesLeftReadableByOthersAreNarrowedOnStartAndKeepTheirValue() throws IOException {
    Path key = dataDir.resolve("encryption.key");
    Files.writeString(key, "c2VjcmV0LWtleS13cml0dGVuLWJ5LWFuLW9sZGVyLXZlcnNpb24=\n");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Path token = dataDir.resolve("operator.token");
    Files.writeString(token, "opop_existing");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw-rw-"));

    LocalStackSecrets secrets = LocalStackSecrets.loadOrCreate(dataDir);

    assertThat(secrets.encryptionKey())
        .isEqualTo("c2VjcmV0LWtleS13cml0dGVuLWJ5LWFuLW9sZGVyLXZlcnNpb24=");
    assertThat(secrets.operatorToken()).isEqualTo("opop_existing");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PrivateFiles.OWNER_ONLY);
    assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PrivateFiles.OWNER_ONLY);
  }

  @Test
  void rewritingAPrivateFileKeepsItOwnerOnly() throws IOException {
    Path demo = dataDir.resolve("demo.json");

    PrivateFiles.write(demo, "{\"api_key\":\"first\"}");
    PrivateFiles.write(demo, "{\"api_key\":\"second\"}");

    assertThat(Files.readString(demo)).isEqualTo("{\"api_key\":\"second\"}");
    assertThat(Files.getPosixFilePermissions(demo)).isEqualTo(PrivateFiles.OWNER_ONLY);
  }
}

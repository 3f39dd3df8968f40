package dev.omnipost.persistence.secrets;

import java.nio.charset.StandardCharsets;

/**
 * Where an encrypted secret lives: its table, column and row id. {@link SecretCipher} binds it to
 * the ciphertext as associated data, so a ciphertext copied into another row or column (by a bug,
 * or by someone with write access to the database) fails to decrypt instead of handing one tenant's
 * token to another.
 */
public record SecretContext(String table, String column, String rowId) {

  public SecretContext {
    require(table, "table");
    require(column, "column");
    require(rowId, "rowId");
  }

  public static SecretContext of(String table, String column, String rowId) {
    return new SecretContext(table, column, rowId);
  }

  /** Unambiguous bytes: the parts cannot contain NUL, so "a\0bc" and "ab\0c" never collide. */
  byte[] associatedData() {
    return (table + '\0' + column + '\0' + rowId).getBytes(StandardCharsets.UTF_8);
  }

  private static void require(String value, String name) {
    if (value == null || value.isEmpty() || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a secret's " + name + " must be a non-empty name");
    }
  }
}

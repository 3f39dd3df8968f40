package dev.omnipost.persistence.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets stored in the database (platform tokens, webhook signing secrets) with AES-GCM,
 * so a database dump alone reveals none of them.
 *
 * <p>A sealed secret is {@code "OS" 0x01, key-id length, key id, 12-byte nonce, ciphertext and
 * 16-byte tag}. The header and the secret's {@link SecretContext} (table, column, row id) are the
 * associated data: a ciphertext moved to another row or column, or relabelled with another key id,
 * fails to decrypt. The key id names which of the configured keys sealed it, so keys can rotate:
 * the newest key encrypts, every configured key decrypts, and {@link SecretReencryption} moves old
 * rows to the newest key.
 *
 * <p>Secrets written before key ids existed (a random nonce, then ciphertext and tag, with no
 * associated data) still decrypt under any configured key; {@link #isCurrent} reports them as due
 * for re-encryption.
 */
public final class SecretCipher {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final byte[] MAGIC = {'O', 'S', 1};
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final List<Key> keys;
  private final Map<String, Key> byId;
  private final boolean legacyReadable;
  private final SecureRandom random = new SecureRandom();

  private SecretCipher(List<Key> keys, boolean legacyReadable) {
    this.keys = List.copyOf(keys);
    this.legacyReadable = legacyReadable;
    Map<String, Key> index = new LinkedHashMap<>();
    for (Key key : keys) {
      if (index.putIfAbsent(key.id(), key) != null) {
        throw new IllegalStateException(
            "omnipost.secrets.encryption-keys lists the key id '" + key.id() + "' twice");
      }
    }
    // A key listed with an explicit id still opens what it sealed earlier under its derived id.
    for (Key key : keys) {
      index.putIfAbsent(key.fingerprintId(), key);
    }
    this.byId = index;
  }

  /** A cipher with one key, e.g. {@code omnipost.secrets.encryption-key}. */
  public static SecretCipher fromBase64Key(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalStateException(
          "omnipost.secrets.encryption-key is not set: give it the base64 of 32 random bytes"
              + " (e.g. `openssl rand -base64 32`)");
    }
    return fromKeys(List.of(base64Key), null);
  }

  /**
   * A cipher from configuration: {@code entries} newest first, each {@code id:base64} or a bare
   * base64 key; {@code oldestKey} (the single-key setting, may be null) is added last unless one of
   * the entries is the same key. Fails with a message that says how to fix the settings.
   */
  public static SecretCipher fromKeys(List<String> entries, String oldestKey) {
    List<Key> keys = new ArrayList<>();
    if (entries != null) {
      for (String entry : entries) {
        // an unset environment variable in a list placeholder leaves an empty entry
        if (entry != null && !entry.isBlank()) {
          keys.add(parse(entry, "omnipost.secrets.encryption-keys"));
        }
      }
    }
    if (oldestKey != null && !oldestKey.isBlank()) {
      Key single = parse(oldestKey, "omnipost.secrets.encryption-key");
      if (keys.stream().noneMatch(key -> Arrays.equals(key.bytes(), single.bytes()))) {
        keys.add(single);
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "Neither omnipost.secrets.encryption-keys nor omnipost.secrets.encryption-key is set:"
              + " give one the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)");
    }
    return new SecretCipher(keys, true);
  }

  /**
   * This cipher, refusing secrets in the format before key ids. Those carry no row binding, so once
   * every row is re-encrypted an operator turns them off ({@code
   * omnipost.secrets.legacy-format-readable=false}) and an old ciphertext planted in a row no
   * longer opens.
   */
  public SecretCipher withoutLegacyFormat() {
    return new SecretCipher(keys, false);
  }

  /** The id new secrets are sealed under. */
  public String currentKeyId() {
    return keys.get(0).id();
  }

  /** Seals {@code plaintext} under the newest key, bound to where it will be stored. */
  public byte[] encrypt(String plaintext, SecretContext context) {
    Key key = keys.get(0);
    byte[] header = key.header();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(context.associatedData());
      byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(header.length + NONCE_BYTES + ciphertext.length)
          .put(header)
          .put(nonce)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Opens a sealed secret stored at {@code context}; fails if it was tampered with, sealed for
   * another row or column, or sealed under a key that is no longer configured.
   */
  public String decrypt(byte[] sealed, SecretContext context) {
    if (sealed == null || sealed.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("not an encrypted secret");
    }
    String keyId = keyIdOf(sealed);
    if (keyId != null) {
      Key key = byId.get(keyId);
      if (key != null) {
        int headerLength = MAGIC.length + 1 + keyId.length();
        byte[] plaintext = open(key, sealed, headerLength, context);
        if (plaintext != null) {
          return new String(plaintext, StandardCharsets.UTF_8);
        }
      }
      String legacy = decryptLegacy(sealed);
      if (legacy != null) {
        return legacy;
      }
      if (key == null) {
        throw new IllegalStateException(
            "secret was encrypted under key id '"
                + keyId
                + "', which omnipost.secrets.encryption-keys no longer lists");
      }
      throw new IllegalStateException(
          "secret could not be decrypted: wrong key, sealed for another row or column, or"
              + " corrupted");
    }
    String legacy = decryptLegacy(sealed);
    if (legacy == null) {
      throw new IllegalStateException("secret could not be decrypted: wrong key or corrupted");
    }
    return legacy;
  }

  /**
   * Whether {@code sealed} is already under the newest key in the current format; secrets that are
   * not are what {@link SecretReencryption} rewrites. Says nothing about whether it decrypts.
   */
  public boolean isCurrent(byte[] sealed) {
    byte[] header = currentHeader();
    return sealed != null
        && sealed.length > header.length + NONCE_BYTES
        && Arrays.equals(sealed, 0, header.length, header, 0, header.length);
  }

  /** The bytes every secret sealed under the newest key starts with (for finding the others). */
  public byte[] currentHeader() {
    return keys.get(0).header();
  }

  private static String keyIdOf(byte[] sealed) {
    if (sealed.length < MAGIC.length + 1
        || !Arrays.equals(sealed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    int idLength = sealed[MAGIC.length] & 0xFF;
    int headerLength = MAGIC.length + 1 + idLength;
    if (idLength == 0 || sealed.length <= headerLength + NONCE_BYTES) {
      return null;
    }
    String id = new String(sealed, MAGIC.length + 1, idLength, StandardCharsets.US_ASCII);
    return KEY_ID.matcher(id).matches() ? id : null;
  }

  /** AES-GCM over {@code sealed[offset..]}: null when the tag does not verify. */
  private static byte[] open(Key key, byte[] sealed, int offset, SecretContext context) {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.DECRYPT_MODE,
          key.spec(),
          new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
      if (context != null) {
        cipher.updateAAD(sealed, 0, offset);
        cipher.updateAAD(context.associatedData());
      }
      return cipher.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  /** The format before key ids: nonce, ciphertext and tag, no associated data, one unnamed key. */
  private String decryptLegacy(byte[] sealed) {
    if (!legacyReadable) {
      return null;
    }
    for (Key key : keys) {
      byte[] plaintext = open(key, sealed, 0, null);
      if (plaintext != null) {
        return new String(plaintext, StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static Key parse(String entry, String setting) {
    if (entry == null || entry.isBlank()) {
      throw new IllegalStateException(setting + " has an empty entry");
    }
    String text = entry.strip();
    String id = null;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      id = text.substring(0, colon);
      text = text.substring(colon + 1).strip();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalStateException(
            setting + ": key id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(setting + " is not valid base64", e);
    }
    if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
      throw new IllegalStateException(
          setting + " must decode to 16, 24 or 32 bytes, not " + bytes.length);
    }
    String fingerprintId = fingerprintId(bytes);
    return new Key(id == null ? fingerprintId : id, fingerprintId, bytes);
  }

  /** An id for a key configured without one: stable, and reveals nothing usable about the key. */
  private static String fingerprintId(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return "sha256-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Key(String id, String fingerprintId, byte[] bytes) {
    SecretKeySpec spec() {
      return new SecretKeySpec(bytes, "AES");
    }

    byte[] header() {
      byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
      return ByteBuffer.allocate(MAGIC.length + 1 + idBytes.length)
          .put(MAGIC)
          .put((byte) idBytes.length)
          .put(idBytes)
          .array();
    }
  }
}

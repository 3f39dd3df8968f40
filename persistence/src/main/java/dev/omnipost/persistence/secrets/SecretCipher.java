package dev.omnipost.persistence.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets stored in the database (platform tokens, webhook signing secrets) with AES-GCM,
 * so a database dump alone reveals none of them. Output is a random 12-byte nonce followed by the
 * ciphertext and its 16-byte tag.
 */
public final class SecretCipher {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Builds a cipher from configuration; fails with a message that says how to fix it. */
  public static SecretCipher fromBase64Key(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      throw new IllegalStateException(
          "omnipost.secrets.encryption-key is not set: give it the base64 of 32 random bytes"
              + " (e.g. `openssl rand -base64 32`)");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("omnipost.secrets.encryption-key is not valid base64", e);
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalStateException(
          "omnipost.secrets.encryption-key must decode to 16, 24 or 32 bytes, not " + key.length);
    }
    return new SecretCipher(key);
  }

  public byte[] encrypt(String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
          .put(nonce)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts; fails if the data was tampered with or encrypted under another key. */
  public String decrypt(byte[] sealed) {
    if (sealed == null || sealed.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("not an encrypted secret");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      byte[] plaintext = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("secret could not be decrypted: wrong key or corrupted", e);
    }
  }
}

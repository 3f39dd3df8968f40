package dev.omnipost.dispatcher.delivery;

import dev.omnipost.persistence.secrets.SecretCipher;
import dev.omnipost.persistence.secrets.SecretColumn;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Opens endpoints' signing secrets, remembering each opened secret next to the sealed bytes it came
 * from: an attempt whose endpoint row still holds the same ciphertext reuses it instead of running
 * AES-GCM again (every delivery of an endpoint is signed with the same secret). A rotation or a
 * re-encryption changes the ciphertext, so the next load opens the new one; nothing is ever served
 * for bytes other than those just read from the row. Bounded: past {@link #MAX_ENTRIES} endpoints
 * the memory is dropped and refilled.
 */
@Component
class EndpointSecrets {

  static final int MAX_ENTRIES = 10_000;

  private final SecretCipher cipher;
  private final Map<String, Opened> opened = new ConcurrentHashMap<>();

  EndpointSecrets(SecretCipher cipher) {
    this.cipher = cipher;
  }

  /** The current secret of {@code endpointId}, sealed as {@code sealed}. */
  String current(String endpointId, byte[] sealed) {
    return open(SecretColumn.WEBHOOK_SECRET, endpointId, sealed);
  }

  /** The previous secret (during a rotation's grace period), sealed as {@code sealed}. */
  String previous(String endpointId, byte[] sealed) {
    return open(SecretColumn.WEBHOOK_PREVIOUS_SECRET, endpointId, sealed);
  }

  private String open(SecretColumn column, String endpointId, byte[] sealed) {
    String key = column.name() + ' ' + endpointId;
    Opened known = opened.get(key);
    if (known != null && Arrays.equals(known.sealed(), sealed)) {
      return known.plaintext();
    }
    String plaintext = cipher.decrypt(sealed, column.of(endpointId));
    if (opened.size() >= MAX_ENTRIES) {
      opened.clear();
    }
    opened.put(key, new Opened(sealed.clone(), plaintext));
    return plaintext;
  }

  private record Opened(byte[] sealed, String plaintext) {}
}

package dev.omnipost.persistence.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link SecretReencryption} pass on its own thread once the service has started ({@code
 * omnipost.secrets.reencrypt-on-start}), so a key rotation or an upgrade from the unbound format
 * completes with the next deploy without holding up the start.
 */
public class SecretReencryptionOnStart implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SecretReencryptionOnStart.class);

  private final SecretReencryption reencryption;
  private volatile Thread thread;

  public SecretReencryptionOnStart(SecretReencryption reencryption) {
    this.reencryption = reencryption;
  }

  @Override
  public void start() {
    Thread pass =
        new Thread(
            () -> {
              try {
                reencryption.runOnce();
              } catch (RuntimeException e) {
                log.error("Re-encrypting stored secrets failed; the next start tries again", e);
              }
            },
            "omnipost-secret-reencryption");
    pass.setDaemon(true);
    thread = pass;
    pass.start();
  }

  @Override
  public void stop() {
    reencryption.stop();
    Thread pass = thread;
    thread = null;
    if (pass != null) {
      try {
        pass.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** After the web server and listeners: the pass is background work. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}

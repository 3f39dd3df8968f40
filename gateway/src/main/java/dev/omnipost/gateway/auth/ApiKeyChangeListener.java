package dev.omnipost.gateway.auth;

import dev.omnipost.persistence.notifications.CacheInvalidationListener;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Evicts API keys from this instance's {@link ApiKeyStore} as soon as a change commits anywhere: a
 * trigger on {@code api_keys} sends the key's hash on {@code omnipost_api_keys}, and {@code *} when
 * a workspace's rate limit changes (every key then). The store uses its cache only while this
 * listens; see {@link CacheInvalidationListener}.
 */
@Component
class ApiKeyChangeListener extends CacheInvalidationListener {

  static final String CHANNEL = "omnipost_api_keys";
  static final String EVERY_KEY = "*";

  ApiKeyChangeListener(ApiKeyStore store, DataSource dataSource) {
    super(
        "api-key-changes",
        dataSource,
        CHANNEL,
        "API keys",
        new Cache() {
          @Override
          public void trustCache(boolean trusted) {
            store.trustCache(trusted);
          }

          @Override
          public void evict(String hash) {
            if (EVERY_KEY.equals(hash)) {
              store.evictAll();
            } else {
              store.evict(hash);
            }
          }
        });
  }
}

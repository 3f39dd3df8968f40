package dev.omnipost.gateway.posts;

import dev.omnipost.persistence.notifications.CacheInvalidationListener;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Evicts accounts from this instance's {@link AccountRefs} as soon as a change commits anywhere: a
 * trigger on {@code accounts} sends the account's id on {@code omnipost_accounts}. {@link
 * AccountRefs} uses its cache only while this listens; see {@link CacheInvalidationListener}.
 */
@Component
class AccountChangeListener extends CacheInvalidationListener {

  static final String CHANNEL = "omnipost_accounts";

  AccountChangeListener(AccountRefs accounts, DataSource dataSource) {
    super(
        "account-changes",
        dataSource,
        CHANNEL,
        "accounts",
        new Cache() {
          @Override
          public void trustCache(boolean trusted) {
            accounts.trustCache(trusted);
          }

          @Override
          public void evict(String id) {
            accounts.evict(id);
          }
        });
  }
}

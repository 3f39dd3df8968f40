package dev.omnipost.persistence.secrets;

import static dev.omnipost.persistence.secrets.SecretCipherTests.KEY_1;
import static dev.omnipost.persistence.secrets.SecretCipherTests.KEY_2;
import static dev.omnipost.persistence.secrets.SecretCipherTests.legacySeal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnipost.embedded.SharedTestInfrastructure;
import dev.omnipost.events.Ids;
import dev.omnipost.persistence.PersistenceConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A key rotation against the real database: rows sealed under the old key, and rows from before key
 * ids existed, end up under the new key, bound to their row, and readable without the old key.
 */
@SpringBootTest(
    classes = SecretReencryptionTests.TestApplication.class,
    properties = "omnipost.outbox.relay-enabled=false")
class SecretReencryptionTests {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(PersistenceConfiguration.class)
  static class TestApplication {}

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedTestInfrastructure.get().springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  static final SecretCipher BEFORE = SecretCipher.fromKeys(List.of("k1:" + KEY_1), null);
  static final SecretCipher ROTATED =
      SecretCipher.fromKeys(List.of("k2:" + KEY_2, "k1:" + KEY_1), null);
  static final SecretCipher ONLY_NEW_KEY =
      SecretCipher.fromKeys(List.of("k2:" + KEY_2), null).withoutLegacyFormat();

  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  private String workspace;

  @BeforeEach
  void createWorkspace() {
    workspace = Ids.newId("ws");
    jdbc.sql("INSERT INTO workspaces (id, name) VALUES (:id, 'Rotation')")
        .param("id", workspace)
        .update();
  }

  @Test
  void aRotationMovesOldAndUnboundSecretsToTheNewKey() throws Exception {
    String account = Ids.newId("acc");
    insertAccount(
        account,
        legacySeal(KEY_1, "access-from-before-key-ids"),
        BEFORE.encrypt("refresh-under-k1", SecretColumn.ACCOUNT_REFRESH_TOKEN.of(account)));
    String endpoint = Ids.newId("whk");
    insertEndpoint(
        endpoint,
        BEFORE.encrypt("whsec_current", SecretColumn.WEBHOOK_SECRET.of(endpoint)),
        legacySeal(KEY_1, "whsec_previous"));

    SecretReencryption.Result result = reencryption(ROTATED).runOnce();

    assertThat(result.reencrypted()).isGreaterThanOrEqualTo(4);
    assertThat(read(SecretColumn.ACCOUNT_ACCESS_TOKEN, account))
        .isEqualTo("access-from-before-key-ids");
    assertThat(read(SecretColumn.ACCOUNT_REFRESH_TOKEN, account)).isEqualTo("refresh-under-k1");
    assertThat(read(SecretColumn.WEBHOOK_SECRET, endpoint)).isEqualTo("whsec_current");
    assertThat(read(SecretColumn.WEBHOOK_PREVIOUS_SECRET, endpoint)).isEqualTo("whsec_previous");
  }

  @Test
  void aSecondPassLeavesCurrentRowsAsTheyAre() {
    String account = Ids.newId("acc");
    insertAccount(
        account,
        ROTATED.encrypt("already-current", SecretColumn.ACCOUNT_ACCESS_TOKEN.of(account)),
        null);
    byte[] before = stored(SecretColumn.ACCOUNT_ACCESS_TOKEN, account);

    reencryption(ROTATED).runOnce();

    assertThat(stored(SecretColumn.ACCOUNT_ACCESS_TOKEN, account)).isEqualTo(before);
  }

  @Test
  void aCiphertextCopiedIntoAnotherRowDoesNotDecryptThereAndIsLeftAlone() {
    String victim = Ids.newId("acc");
    insertAccount(
        victim,
        BEFORE.encrypt("victims-token", SecretColumn.ACCOUNT_ACCESS_TOKEN.of(victim)),
        null);
    String attacker = Ids.newId("acc");
    insertAccount(
        attacker,
        BEFORE.encrypt("attackers-token", SecretColumn.ACCOUNT_ACCESS_TOKEN.of(attacker)),
        null);
    jdbc.sql(
            "UPDATE accounts SET access_token_enc ="
                + " (SELECT access_token_enc FROM accounts WHERE id = :victim) WHERE id = :attacker")
        .param("victim", victim)
        .param("attacker", attacker)
        .update();
    byte[] copied = stored(SecretColumn.ACCOUNT_ACCESS_TOKEN, attacker);

    SecretReencryption.Result result = reencryption(ROTATED).runOnce();

    assertThatThrownBy(
            () -> ROTATED.decrypt(copied, SecretColumn.ACCOUNT_ACCESS_TOKEN.of(attacker)))
        .hasMessageContaining("sealed for another row or column");
    assertThat(result.failed()).isGreaterThanOrEqualTo(1);
    assertThat(stored(SecretColumn.ACCOUNT_ACCESS_TOKEN, attacker)).isEqualTo(copied);
    assertThat(read(SecretColumn.ACCOUNT_ACCESS_TOKEN, victim)).isEqualTo("victims-token");
  }

  /** Stored under the new key in the current format, and readable with the new key alone. */
  private String read(SecretColumn column, String id) {
    byte[] sealed = stored(column, id);
    assertThat(ROTATED.isCurrent(sealed)).as("%s of %s is under k2", column, id).isTrue();
    return ONLY_NEW_KEY.decrypt(sealed, column.of(id));
  }

  private byte[] stored(SecretColumn column, String id) {
    return jdbc.sql("SELECT " + column.column() + " FROM " + column.table() + " WHERE id = :id")
        .param("id", id)
        .query(byte[].class)
        .single();
  }

  private SecretReencryption reencryption(SecretCipher cipher) {
    return new SecretReencryption(
        jdbc,
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        cipher,
        2,
        new SimpleMeterRegistry());
  }

  private void insertAccount(String id, byte[] access, byte[] refresh) {
    jdbc.sql(
            """
            INSERT INTO accounts (id, workspace_id, platform, platform_account_id, name, handle,
                                  access_token_enc, refresh_token_enc)
            VALUES (:id, :ws, 'mastodon', :id, 'Shop', 'shop', :access, :refresh)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("access", access)
        .param("refresh", refresh)
        .update();
  }

  private void insertEndpoint(String id, byte[] secret, byte[] previous) {
    jdbc.sql(
            """
            INSERT INTO webhook_endpoints (id, workspace_id, url, secret_enc, previous_secret_enc)
            VALUES (:id, :ws, 'https://hooks.example.com', :secret, :previous)
            """)
        .param("id", id)
        .param("ws", workspace)
        .param("secret", secret)
        .param("previous", previous)
        .update();
  }
}

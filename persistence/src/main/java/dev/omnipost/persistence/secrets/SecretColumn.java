package dev.omnipost.persistence.secrets;

/**
 * Every column that holds an encrypted secret. Call sites name the row with {@link #of}, and {@link
 * SecretReencryption} walks all of them; a new secret column is added here.
 */
public enum SecretColumn {
  ACCOUNT_ACCESS_TOKEN("accounts", "access_token_enc"),
  ACCOUNT_REFRESH_TOKEN("accounts", "refresh_token_enc"),
  WEBHOOK_SECRET("webhook_endpoints", "secret_enc"),
  WEBHOOK_PREVIOUS_SECRET("webhook_endpoints", "previous_secret_enc"),
  OAUTH_CODE_VERIFIER("oauth_states", "code_verifier_enc"),
  OAUTH_CHOICES("oauth_states", "choices_enc"),
  OAUTH_CLIENT_SECRET("oauth_clients", "client_secret_enc");

  private final String table;
  private final String column;

  SecretColumn(String table, String column) {
    this.table = table;
    this.column = column;
  }

  public String table() {
    return table;
  }

  public String column() {
    return column;
  }

  /** Where the secret of row {@code rowId} lives (the row's {@code id} column). */
  public SecretContext of(String rowId) {
    return SecretContext.of(table, column, rowId);
  }
}

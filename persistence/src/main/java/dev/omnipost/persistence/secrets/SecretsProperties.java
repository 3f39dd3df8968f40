package dev.omnipost.persistence.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code omnipost.secrets.encryption-key}: base64 of a 16, 24 or 32 byte AES key that encrypts
 * platform tokens and webhook secrets at rest. Required: there is deliberately no default.
 */
@ConfigurationProperties("omnipost.secrets")
public record SecretsProperties(String encryptionKey) {}

package dev.omnipost.gateway.admin;

import java.time.Instant;
import java.util.Map;

/** The body of {@code POST /v1/admin/accounts}: an account already authorized on its platform. */
record ImportAccount(
    String workspaceId,
    String platform,
    String platformAccountId,
    String handle,
    String name,
    String accessToken,
    String refreshToken,
    Instant tokenExpiresAt,
    Map<String, String> settings) {}

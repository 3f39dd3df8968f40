package dev.omnipost.gateway.exports;

/** The body of {@code POST /v1/exports}. */
record CreateExportRequest(String type, String format, String period, String accountId) {}

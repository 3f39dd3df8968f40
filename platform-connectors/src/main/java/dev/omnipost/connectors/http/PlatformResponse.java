package dev.omnipost.connectors.http;

import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** A successful platform answer: its status, headers and JSON body (missing node if empty). */
public record PlatformResponse(int status, HttpHeaders headers, JsonNode body) {}

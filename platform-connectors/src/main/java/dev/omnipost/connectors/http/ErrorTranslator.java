package dev.omnipost.connectors.http;

import dev.omnipost.connectors.PlatformException;
import org.springframework.http.HttpHeaders;

/** Turns one platform's error answer (status, headers, body) into the matching exception. */
@FunctionalInterface
public interface ErrorTranslator {

  PlatformException translate(int status, HttpHeaders headers, String body);
}

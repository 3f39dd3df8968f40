package dev.omnipost.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.omnipost.gateway.GatewayTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Clients that do not finish their request: a body that stalls loses its connection after the read
 * timeout (2 s in the test context) instead of holding it, and an upload the client aborts is one
 * log line below ERROR, not an error with a stack trace. Raw sockets, since an HTTP client always
 * finishes what it starts.
 */
class SlowClientTests extends GatewayTestSupport {

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Logger root;
  private Logger errorHandler;
  private Level errorHandlerLevel;

  @BeforeEach
  void captureLogs() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    errorHandler = (Logger) LoggerFactory.getLogger(ApiErrorHandler.class);
    errorHandlerLevel = errorHandler.getLevel();
    errorHandler.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
    errorHandler.setLevel(errorHandlerLevel);
  }

  @Test
  void closesTheConnectionOfABodyThatNeverFinishes() throws IOException {
    Tenant tenant = newTenant();

    try (Socket socket = new Socket("127.0.0.1", port)) {
      // far longer than the read timeout: a read that times out here means the gateway held on
      socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + tenant.apiKey()
                  + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"te")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String answer;
      try {
        answer = readUntilClosed(socket.getInputStream());
      } catch (SocketTimeoutException held) {
        throw new AssertionError("the gateway held a stalled request for 15 s", held);
      }

      // closed, with at most an error answer (never a 2xx for a body that never arrived)
      assertThat(answer).doesNotStartWith("HTTP/1.1 2");
    }
    assertNoErrorLoggedForAWhile();
  }

  @Test
  void logsAResetUploadBelowError() throws IOException {
    Tenant tenant = newTenant();

    try (Socket socket = new Socket("127.0.0.1", port)) {
      startUpload(socket, tenant);
      socket.setSoLinger(true, 0); // the close resets the connection mid-upload
    }

    assertNoErrorLoggedForAWhile();
  }

  @Test
  void logsAnUploadClosedMidBodyBelowError() throws IOException {
    Tenant tenant = newTenant();

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) Duration.ofSeconds(15).toMillis());
      startUpload(socket, tenant);
      socket.shutdownOutput(); // the client is done sending, 50 KB short
      readUntilClosed(socket.getInputStream());
    }

    assertNoErrorLoggedForAWhile();
  }

  private static void startUpload(Socket socket, Tenant tenant) throws IOException {
    String boundary = "omnipostboundary";
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/media HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + tenant.apiKey()
                + "\r\nContent-Type: multipart/form-data; boundary="
                + boundary
                + "\r\nContent-Length: 60000\r\n\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\""
                + "\r\nContent-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    out.write(new byte[8192]);
    out.flush();
  }

  /** Handling an abort logs within milliseconds; nothing at ERROR, nor a stack trace, for 3 s. */
  private void assertNoErrorLoggedForAWhile() {
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events())
                    .noneSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.ERROR)));
    assertThat(events())
        .filteredOn(event -> event.getFormattedMessage().contains("/v1/media"))
        .allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
  }

  private List<ILoggingEvent> events() {
    synchronized (logs.list) {
      return List.copyOf(logs.list);
    }
  }

  private static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (java.net.SocketException reset) {
      // a reset is a close too
    }
    return received.toString(StandardCharsets.US_ASCII);
  }
}
